import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A small router for the simulator's HTTP server: a list of routes with `:param` segments. The
 * server will grow (a Kubernetes API double, PMS health endpoints), each part adding its own routes.
 */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. `/targets/:service/metrics`; a param matches one non-empty path segment. */
  path: string;
  handle(ctx: RouteContext): void | Promise<void>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** `Authorization: Bearer <token>`, compared in constant time (the Kubernetes double's and the admin endpoints' check). */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const given = Buffer.from(match?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads a request body, refusing more than `limit` bytes so a client cannot exhaust memory. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

function matchRoute(route: CompiledRoute, pathname: string): Record<string, string> | null {
  const match = route.pattern.exec(pathname);
  if (!match) return null;
  const params: Record<string, string> = {};
  try {
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
  } catch {
    return null; // malformed percent-encoding names nothing we serve
  }
  return params;
}

/** A request listener: 404 for an unknown path, 405 (with Allow) for a known path and wrong method. */
export function createRouter(routes: readonly Route[]): (req: IncomingMessage, res: ServerResponse) => void {
  const compiled = routes.map(compileRoute);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const candidates = compiled.flatMap((route) => {
      const params = matchRoute(route, url.pathname);
      return params ? [{ route, params }] : [];
    });
    const hit = candidates.find(({ route }) => route.method === method);
    if (!hit) {
      if (candidates.length === 0) return sendJson(res, 404, { error: `no route for ${url.pathname}` });
      return sendJson(res, 405, { error: `${req.method} not allowed on ${url.pathname}` }, { allow: candidates.map(({ route }) => route.method).join(', ') });
    }
    Promise.resolve()
      .then(() => hit.route.handle({ req, res, params: hit.params, url }))
      .catch((error: unknown) => {
        // Never a stack trace on the wire; the message is enough for a simulator's client.
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
        if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : 'internal error' });
        else res.destroy();
      });
  };
}
