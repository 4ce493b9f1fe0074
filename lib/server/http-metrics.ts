import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { getConsoleMetrics } from './console-metrics';

// Requests by route and status, for every page and route handler, counted in one place: server.mjs calls the
// observer installed here when a response finishes (it sees the status, a route handler's own code may not).
// The route label is the app's route pattern the path matches (`/api/sections/[id]`), from the build's route
// list: a raw URL would make one series per id, token or typo.

/** What a path that matches no route of the app is counted as (404s of scanners and typos). */
export const UNMATCHED_ROUTE = 'unmatched';
const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type CompiledRoute = { pattern: string; regex: RegExp; dynamicSegments: number };

/** Route patterns (`/a/[id]`, `/b/[...rest]`, `/c/[[...rest]]`) → a function giving a path's pattern. */
export function compileRoutes(patterns: readonly string[]): (pathname: string) => string {
  const compiled: CompiledRoute[] = [...new Set(patterns)].map((pattern) => {
    let dynamicSegments = 0;
    const source = pattern
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        if (/^\[\[\.\.\..+\]\]$/.test(segment)) return (dynamicSegments += 100), '(?:/.*)?';
        if (/^\[\.\.\..+\]$/.test(segment)) return (dynamicSegments += 100), '/.+';
        if (/^\[.+\]$/.test(segment)) return (dynamicSegments += 1), '/[^/]+';
        return '/' + segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { pattern, regex: new RegExp(`^${source || '/'}/?$`), dynamicSegments };
  });
  // As Next.js routes: a static route before a dynamic one, fewer and later catch-alls first.
  compiled.sort((a, b) => a.dynamicSegments - b.dynamicSegments || b.pattern.length - a.pattern.length);
  return (pathname) => {
    if (pathname.startsWith('/_next/static/')) return '/_next/static';
    if (pathname.startsWith('/_next/image')) return '/_next/image';
    if (pathname.startsWith('/_next/')) return '/_next';
    return compiled.find((route) => route.regex.test(pathname))?.pattern ?? UNMATCHED_ROUTE;
  };
}

/**
 * The app's route patterns from the build (`.next/app-path-routes-manifest.json`, in `next build` and
 * standalone output alike), plus the files in `public/`. Empty when there is no build (`next dev` before its
 * first compile): every request is then counted as unmatched rather than by its URL.
 */
export function loadRoutePatterns(root: string = process.cwd()): string[] {
  const patterns: string[] = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next', 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
    patterns.push(...Object.values(manifest));
  } catch {
    // No build: nothing to match.
  }
  try {
    for (const file of fs.readdirSync(path.join(root, 'public'), { recursive: true, withFileTypes: true })) {
      if (file.isFile()) patterns.push('/' + path.relative(path.join(root, 'public'), path.join(file.parentPath, file.name)).split(path.sep).join('/'));
    }
  } catch {
    // No public/ directory.
  }
  return patterns;
}

/** Counts one answered request. */
export function observeHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const metrics = getConsoleMetrics();
  const m = methods.has(method) ? method : 'OTHER';
  metrics.httpRequests.inc({ route, method: m, status: String(status) });
  metrics.httpDuration.observe({ route, method: m }, seconds);
}

/** The hook server.mjs calls for every finished response (method, URL as sent, status, seconds taken). */
export type RequestObserver = (method: string | undefined, url: string | undefined, status: number, seconds: number) => void;

/** Installs the observer server.mjs calls; the patterns are the app's routes (see loadRoutePatterns). */
export function installRequestObserver(patterns: readonly string[]): RequestObserver {
  const routeOf = compileRoutes(patterns);
  const observer: RequestObserver = (method, url, status, seconds) => {
    let pathname = '/';
    try {
      pathname = new URL(url ?? '/', 'http://console.invalid').pathname;
    } catch {
      pathname = '/';
    }
    observeHttpRequest(routeOf(pathname), method ?? 'OTHER', status, seconds);
  };
  Object.assign(globalThis, { __voicehiveObserveRequest: observer });
  return observer;
}
