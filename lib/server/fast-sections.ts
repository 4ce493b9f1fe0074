import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { kebabIdPattern } from '@/lib/api/ids';
import { chartRanges } from '@/lib/api/ids';
import { panelQuerySchema } from '@/lib/api/schemas';
import { can, type Permission } from '@/lib/auth/permissions';
import { pickClientAddress } from '@/lib/auth/client-address';
import { getSessionCache } from '@/lib/auth/session-check';
import { getSessionCookieName, getSessionPolicy } from '@/lib/auth/session-policy';
import { lookUpSession, type SessionLookup } from '@/lib/auth/sessions';
import { getEnv } from '@/lib/env';
import { buildSecurityHeaders } from '@/lib/security/headers';
import { getCatalog } from './catalog';
import { getOverviewSnapshot } from './overview-snapshot';
import { getPanelSnapshots } from './panel-snapshots';
import { getSectionSnapshot } from './section-snapshots';
import { matchesEtag, SNAPSHOT_AGE_HEADER, type Snapshot } from './snapshot';
import { getStore } from './store/store';

/**
 * Issue 16: GET /api/sections, /api/sections/<id> and its chart and PMS panels answered before Next.js's pipeline (server.mjs asks this
 * first). Profiling put most of a poll's CPU in Next's request handling and in its compression re-gzipping the
 * ~50 kB body on every answer; a route handler cannot hand over precompressed bytes (Next drops its
 * Content-Encoding header, next/dist/server/send-response.js). So here the snapshot's bytes are compressed once
 * per snapshot and written straight to the socket.
 *
 * Deliberately narrow: it serves only a session found active (through the same session cache and store lookup
 * as the route's `authorize`) and allowed status.read, for a snapshot that exists. Anything else (no cookie, an
 * unknown or refused session, a store that fails, a query string, HEAD, an unknown id …) returns false and Next's
 * route answers it, with its refusals, bodies and audit.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const OVERVIEW = '/api/sections';
const SECTION_PREFIX = '/api/sections/';
// The chart route's range when none is asked for.
const DEFAULT_RANGE = panelQuerySchema.parse({}).range;

type Encoded = { identity: Buffer; gzip?: Buffer; br?: Buffer };
// Per snapshot object: a new refresh is a new object, so old bytes go with it.
const encodedBySnapshot = new WeakMap<Snapshot, Encoded>();

function encodedFor(snapshot: Snapshot, encoding: 'gzip' | 'br' | null): Buffer {
  let encoded = encodedBySnapshot.get(snapshot);
  if (!encoded) encodedBySnapshot.set(snapshot, (encoded = { identity: Buffer.from(snapshot.body) }));
  if (encoding === 'gzip') return (encoded.gzip ??= gzipSync(encoded.identity));
  // Quality 5: nearly gzip's speed and a smaller body; 11 (the default) costs tens of ms once per snapshot.
  if (encoding === 'br') return (encoded.br ??= brotliCompressSync(encoded.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
  return encoded.identity;
}

/** The best encoding the client accepts (q > 0), br before gzip; null for identity. */
export function pickEncoding(acceptEncoding: string | undefined): 'gzip' | 'br' | null {
  if (!acceptEncoding) return null;
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === '*') gzip = true;
  }
  return br ? 'br' : gzip ? 'gzip' : null;
}

/** The session cookie's value, read as Next reads it; undefined (so: Next decides) when absent, repeated or encoded. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  for (const pair of header.split(/; */)) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) !== name) continue;
    if (found !== undefined) return undefined;
    found = eq < 0 ? '' : pair.slice(eq + 1);
  }
  return found && !found.includes('%') ? found : undefined;
}

type Served = { permission: Permission; snapshot: () => Snapshot | undefined | Promise<Snapshot | undefined> };

/**
 * What the URL asks for, if it is a snapshot this path serves: the overview, a section, a chart (`?range=` one of
 * the chart ranges, or none for the default) or a PMS panel the catalog has. Anything else (a bad or unknown id,
 * another query string) is the route's to answer or refuse. Panels are served only once they have a value
 * (`peek`): a first load, and its failure, is the route's.
 */
function resolveServed(url: string): Served | undefined {
  const at = url.indexOf('?');
  const [pathname, query] = at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
  if (pathname === OVERVIEW) return query === '' ? { permission: 'status.read', snapshot: () => getOverviewSnapshot().get() } : undefined;
  if (!pathname.startsWith(SECTION_PREFIX)) return undefined;
  const [id = '', kind, panelId, ...rest] = pathname.slice(SECTION_PREFIX.length).split('/');
  const section = kebabIdPattern.test(id) ? getCatalog().byId.get(id) : undefined;
  if (!section || rest.length > 0) return undefined;
  if (kind === undefined) return query === '' ? { permission: 'status.read', snapshot: () => getSectionSnapshot(id) } : undefined;
  const panel = panelId !== undefined && kebabIdPattern.test(panelId) ? section.panels.find((p) => p.id === panelId) : undefined;
  if (kind === 'panels' && panel?.kind === 'timeseries') {
    const range = query === '' ? DEFAULT_RANGE : query.startsWith('range=') ? chartRanges.find((r) => r === query.slice('range='.length)) : undefined;
    return range ? { permission: 'section.read', snapshot: () => getPanelSnapshots().peekChart(section, panel, range) } : undefined;
  }
  if (kind === 'pms' && panel?.kind === 'pms-vendors' && query === '') return { permission: 'section.read', snapshot: () => getPanelSnapshots().peekPms(section, panel) };
  return undefined;
}

export function createFastSections(): FastPath {
  // The same headers proxy.ts puts on every API answer (built once, as there).
  const env = getEnv();
  const security = buildSecurityHeaders({ kind: 'api', nonce: null, consoleUrl: env.CONSOLE_URL, dev: process.env.NODE_ENV === 'development' });
  const cookieName = getSessionCookieName(env.CONSOLE_URL);
  const sessions = getSessionCache();
  const policy = getSessionPolicy(env);

  /**
   * The session as `authorize` would find it: from the cache, else from the store (and then cached), with the
   * client address worked out as the route does, so a display's last-used address is kept the same way. A viewer
   * polling less often than SESSION_CHECK_CACHE_MS would otherwise miss the cache on nearly every poll.
   */
  const lookUp = (req: IncomingMessage): SessionLookup | Promise<SessionLookup> | undefined => {
    const token = readCookie(req.headers.cookie, cookieName);
    if (token === undefined) return undefined;
    const held = sessions.peek(token);
    if (held) return held;
    const forwardedFor = req.headers['x-forwarded-for'];
    const clientAddress = pickClientAddress({ peer: req.socket.remoteAddress ?? null, forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? null) }, env.TRUSTED_PROXY_HOPS);
    return sessions.lookUp(token, async () => lookUpSession((await getStore()).db, token, policy, Date.now(), clientAddress));
  };

  return (req, res) => {
    if (req.method !== 'GET' || !req.url) return false;
    const served = resolveServed(req.url);
    if (!served) return false;
    // Authorization first, deny by default: only a session found active, with the permission, goes on here.
    const session = lookUp(req);
    if (session === undefined) return false;
    const serve = async (found: SessionLookup): Promise<boolean> => {
      if (found.status !== 'active' || !can(found.principal.role, served.permission)) return false;
      const snapshot = await served.snapshot();
      if (!snapshot) return false;
      send(req, res, snapshot, security);
      return true;
    };
    // The route reports any failure (the store's, the snapshot's) with its own body.
    return Promise.resolve(session).then(serve).catch(() => false);
  };
}

function send(req: IncomingMessage, res: ServerResponse, snapshot: Snapshot, security: Record<string, string>): void {
  const headers: Record<string, string> = {
    ...security,
    'cache-control': 'private, no-cache',
    etag: snapshot.etag,
    [SNAPSHOT_AGE_HEADER]: String(Math.max(0, Date.now() - snapshot.refreshedAt)),
    vary: 'Accept-Encoding',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (matchesEtag(ifNoneMatch ?? null, snapshot.etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const body = encodedFor(snapshot, encoding);
  headers['content-type'] = 'application/json';
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers).end(body);
}

/** Registered at start (instrumentation-node.ts); server.mjs calls it for every request before Next's handler. */
export function installFastSections(): FastPath {
  const fast = createFastSections();
  Object.assign(globalThis, { __voicehiveFastPath: fast });
  return fast;
}
