// Every route handler in app/, with the HTTP methods it exports: the access test walks all of them,
// so a new route without an entry in the expected table fails the test instead of going unchecked.
import fs from 'node:fs';
import path from 'node:path';

export type RouteEntry = { route: string; method: string };

export function listRouteHandlers(appDir: string): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.name === 'route.ts') {
        const route = '/' + path.relative(appDir, dir).split(path.sep).filter((s) => !s.startsWith('(')).join('/');
        for (const match of fs.readFileSync(full, 'utf8').matchAll(/export (?:(?:async )?function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)) entries.push({ route, method: match[1]! });
      }
    }
  };
  walk(appDir);
  return entries.sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
}

/** Every page (page.tsx) in app/, as its route pattern: `/runbooks/[id]`. */
export function listPages(appDir: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.name === 'page.tsx') pages.push('/' + path.relative(appDir, dir).split(path.sep).filter((s) => s && !s.startsWith('(')).join('/'));
    }
  };
  walk(appDir);
  return pages.sort();
}
