// Threats 6, 7, 11, 12, 13, 14 and 15 (../shared/security/threats.md): the console in front of Prometheus.
// The console is no Prometheus proxy: the browser names a section or a panel, the server takes the PromQL
// from the catalog. These tests show it by what a Prometheus actually receives. It is a stand-in here (a
// recording HTTP server on loopback): a real Prometheus cannot be made to hang, drip, redirect or answer 401
// on demand, and it does not show the headers it was sent. Route handlers are called in-process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartRanges } from '@/lib/api/schemas';
import { loadCatalog } from '@/lib/catalog/load';
import { parseDurationMs } from '@/lib/env';
import { chooseStepMs } from '@/lib/server/panel-service';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

type Mode = 'ok' | 'unauthorized' | 'hang' | 'drip';
type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let mode: Mode = 'ok';
let prometheus: http.Server;

const OK_BODIES: Record<string, string> = {
  '/api/v1/query': JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }),
  '/api/v1/query_range': JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }),
  '/api/v1/alerts': JSON.stringify({ status: 'success', data: { alerts: [] } }),
};

function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? '').split('?')[0]!;
  if (mode === 'hang') return; // never answers
  if (mode === 'drip') {
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 200); // a byte now and then, never the end
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (mode === 'unauthorized') return void res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic' }).end('Unauthorized');
  res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'prometheus_session=upstream-secret; Path=/' }).end(OK_BODIES[path] ?? '{}');
}

let routes: {
  overview: typeof import('@/app/api/sections/route');
  section: typeof import('@/app/api/sections/[id]/route');
  panel: typeof import('@/app/api/sections/[id]/panels/[panelId]/route');
  alerts: typeof import('@/app/api/alerts/route');
  me: typeof import('@/app/api/auth/me/route');
};
let viewer: SignedIn;
let admin: SignedIn;
const sections = loadCatalog('runbooks');
const chart = sections.flatMap((s) => s.panels.map((p) => ({ section: s.id, panel: p }))).find((p) => p.panel.kind === 'timeseries')!;

beforeAll(async () => {
  prometheus = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`, PROMETHEUS_TIMEOUT_MS: '1000', UPSTREAM_CACHE_TTL_MS: '50' });
  viewer = await signInAs('viewer', 'threat-viewer');
  admin = await signInAs('admin', 'threat-admin');
  routes = {
    overview: await import('@/app/api/sections/route'),
    section: await import('@/app/api/sections/[id]/route'),
    panel: await import('@/app/api/sections/[id]/panels/[panelId]/route'),
    alerts: await import('@/app/api/alerts/route'),
    me: await import('@/app/api/auth/me/route'),
  };
});

afterAll(async () => {
  prometheus.closeAllConnections();
  await new Promise((resolve) => prometheus.close(resolve));
});

const nextTtl = () => new Promise((resolve) => setTimeout(resolve, 80)); // past the 50 ms shared cache
const getSection = (who: SignedIn, id: string, headers: Record<string, string> = {}) => routes.section.GET(who.request(`http://console/api/sections/${encodeURIComponent(id)}`, { headers }), { params: Promise.resolve({ id }) });
const getPanel = (who: SignedIn, id: string, panelId: string, search = '') =>
  routes.panel.GET(who.request(`http://console/api/sections/${encodeURIComponent(id)}/panels/${encodeURIComponent(panelId)}${search}`), { params: Promise.resolve({ id, panelId }) });

type SectionBody = { status: { severity: string; error: string | null; stale: { error: string } | null; signals: { severity: string; reason?: string | null }[] } };
/** Asserts the section is unknown (never ok) and returns every cause it gives: the error, why it is stale, each signal's reason. */
async function readUnknownCauses(response: Response): Promise<string> {
  const { status } = (await response.json()) as SectionBody;
  expect(status.severity).toBe('unknown');
  expect(status.signals.every((s) => s.severity === 'unknown')).toBe(true);
  return causesOf(status);
}
const causesOf = (status: SectionBody['status']) => [status.error, status.stale?.error, ...status.signals.map((s) => s.reason)].filter(Boolean).join(' | ');

/**
 * Sections are answered from the shared snapshot (stale-while-revalidate): a change upstream shows on a later poll,
 * after the background refresh, never by making this request wait. Polls until the section's causes match.
 */
async function pollSectionUntil(who: SignedIn, id: string, cause: RegExp): Promise<Response> {
  let last: Response | undefined;
  await expect
    .poll(
      async () => {
        const response = await getSection(who, id);
        last = response.clone();
        return response.status === 200 ? causesOf(((await response.json()) as SectionBody).status) : `HTTP ${response.status}`;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toMatch(cause);
  return last!;
}

describe('threat 6: traversal in a path reaches only the allowlisted Prometheus endpoints', () => {
  // nuclei-templates#12897 style payloads, as Next.js hands a dynamic segment over (decoded once) and raw.
  const payloads = ['..%2f..%2fapi%2fv1%2fadmin%2ftsdb%2fdelete_series', '../../api/v1/admin/tsdb/delete_series', '%2e%2e/%2e%2e/-/quit', '..%252f..%252f-%252fquit', '#/../../api/v1/status/config', '..;/..;/api/v1/targets', 'call-failures/../../-/quit'];

  it('a payload in the section or panel id is refused (400) or unknown (404), and Prometheus sees no such path', async () => {
    const before = seen.length;
    for (const payload of payloads) {
      expect([400, 404], payload).toContain((await getSection(viewer, payload)).status);
      expect([400, 404], payload).toContain((await getPanel(viewer, payload, 'x')).status);
      expect([400, 404], payload).toContain((await getPanel(viewer, chart.section, payload)).status);
    }
    expect(seen.slice(before)).toEqual([]);
  });
});

describe('threat 14: nobody, an admin included, can send PromQL', () => {
  it('a query, expression or PromQL parameter is refused by the chart route before any upstream call', async () => {
    const before = seen.length;
    for (const search of ['?query=up', '?expr=up', '?promql=up', '?range=1h&query=count(%7B__name__%3D~%22.%2B%22%7D)', '?match[]=up']) {
      const response = await getPanel(admin, chart.section, chart.panel.id, search);
      expect(response.status, search).toBe(400);
    }
    expect(seen.slice(before)).toEqual([]);
  });
});

describe('threat 13: the costly queries are refused before reaching Prometheus', () => {
  it('a one-year range, a 1 s step, a start or an end of the caller’s choosing: 400, nothing sent', async () => {
    const before = seen.length;
    for (const search of ['?range=1y', '?range=10y', '?range=1h&step=1s', '?range=1h&start=0&end=9999999999', '?step=1']) {
      expect((await getPanel(viewer, chart.section, chart.panel.id, search)).status, search).toBe(400);
    }
    expect(seen.slice(before)).toEqual([]);
  });

  it('every chart range the console offers stays under Prometheus’s 11,000 points per series', () => {
    for (const range of chartRanges) expect(parseDurationMs(range) / chooseStepMs(range), range).toBeLessThanOrEqual(11_000);
  });

  it('the catalog’s PromQL has no range selector longer than an hour, no selector on every metric name, no subquery', () => {
    for (const section of sections) {
      const expressions = [
        ...section.signals.map((s) => s.query),
        ...section.panels.flatMap((p) => (p.kind === 'timeseries' ? [p.query] : p.kind === 'pms-vendors' ? [p.requestsQuery, p.latencyQuery, p.breaker?.query].filter((q): q is string => !!q) : [])),
      ];
      for (const expr of expressions) {
        for (const [, amount, unit] of expr.matchAll(/\[(\d+)([smhdwy])\]/g)) expect(parseDurationMs(`${amount}${unit}`), `${section.id}: ${expr}`).toBeLessThanOrEqual(3_600_000);
        expect(expr, section.id).not.toMatch(/__name__\s*=~/);
        expect(expr, section.id).not.toMatch(/\[[^\]]*:[^\]]*\]/);
      }
    }
  });

  it('twenty viewers asking for the same chart at once cost one request per series (no per-user fan-out)', async () => {
    await nextTtl();
    const before = seen.length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => getPanel(viewer, chart.section, chart.panel.id, '?range=6h')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(seen.slice(before).filter((s) => s.url === '/api/v1/query_range')).toHaveLength(1);
  });
});

describe('threats 11 and 12: what goes to Prometheus, and what comes back', () => {
  const ours = { cookie: '', authorization: 'Bearer callers-own-token', 'x-forwarded-user': 'ada', 'x-user': 'ada', 'x-auth-request-user': 'ada', 'x-middleware-subrequest': 'middleware', 'x-middleware-subrequest-id': 'abc', 'x-forwarded-for': '6.6.6.6' };

  it('threat 11/12: upstream requests carry none of the caller’s cookies, Authorization, identity or internal headers', async () => {
    await nextTtl();
    const before = seen.length;
    expect((await getSection(viewer, 'redis', { ...ours, cookie: viewer.cookie })).status).toBe(200);
    // The request is answered from the snapshot; the refresh it started reads Prometheus in the background.
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 50 }).toBeGreaterThan(before);
    const sent = seen.slice(before);
    for (const request of sent) {
      for (const name of ['cookie', 'authorization', 'x-forwarded-user', 'x-user', 'x-auth-request-user', 'x-forwarded-for', 'x-forwarded-host']) expect(request.headers, name).not.toHaveProperty(name);
      expect(Object.keys(request.headers).filter((h) => h.startsWith('x-middleware') || h.startsWith('x-nextjs') || h === 'x-nonce')).toEqual([]);
      expect(JSON.stringify(request)).not.toContain(viewer.cookie.split('=')[1]);
    }
  });

  it('threat 12: a Set-Cookie from Prometheus never reaches the browser', async () => {
    await nextTtl();
    for (const response of [await getSection(viewer, 'redis'), await getPanel(viewer, chart.section, chart.panel.id), await routes.overview.GET(viewer.request('http://console/api/sections'))]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('threat 12: Prometheus answering 401 is an upstream failure, not the user’s: they stay signed in', async () => {
    mode = 'unauthorized';
    const failingSince = Date.now();
    try {
      await nextTtl();
      const section = await pollSectionUntil(viewer, 'redis', /prometheus: HTTP 401/);
      expect(section.status).toBe(200);
      // Unknown, with the cause (as the error, or as why the last good reading is now stale).
      expect(await readUnknownCauses(section)).toMatch(/prometheus: HTTP 401/);
      // A chart with no value yet fails with the cause; one already on screen is its last snapshot, from before the
      // failure (refreshed once per interval, then served stale with the error: test/integration/panel-snapshots.test.ts).
      const cold = await getPanel(viewer, chart.section, chart.panel.id, '?range=24h');
      expect(cold.status).toBe(502);
      expect(JSON.stringify(await cold.json())).toMatch(/prometheus: HTTP 401/);
      const warm = await getPanel(viewer, chart.section, chart.panel.id);
      expect(warm.status).toBe(200);
      const warmBody = (await warm.json()) as { generatedAt: number; refreshError: { message: string } | null };
      expect(warmBody.generatedAt).toBeLessThan(failingSince);
      if (warmBody.refreshError) expect(warmBody.refreshError.message).toMatch(/prometheus: HTTP 401/);
      expect((await routes.me.GET(viewer.request('http://console/api/auth/me'))).status).toBe(200);
    } finally {
      mode = 'ok';
    }
  });
});

describe('threat 15: a Prometheus that hangs or drip-feeds', () => {
  for (const faulty of ['hang', 'drip'] as const) {
    it(`${faulty}: no viewer waits for it, the section turns unknown and says why within the timeout, and the sockets are let go`, async () => {
      mode = faulty;
      try {
        await nextTtl();
        const started = Date.now();
        // Answered from the last snapshot at once (not after the upstream's timeout); the refresh then says why.
        const response = await pollSectionUntil(viewer, 'redis', /prometheus: .*no answer within 1000 ms/);
        expect(response.status).toBe(200);
        expect(await readUnknownCauses(response)).toMatch(/prometheus: .*no answer within 1000 ms/);
        expect(Date.now() - started, 'bounded by PROMETHEUS_TIMEOUT_MS, not by the upstream').toBeLessThan(20_000);
        // Every connection the console opened for these queries is closed again.
        await expect.poll(() => new Promise<number>((resolve) => prometheus.getConnections((_e, n) => resolve(n))), { timeout: 10_000 }).toBe(0);
      } finally {
        mode = 'ok';
      }
    });
  }
});

describe('threat 7: nothing but reads of the query API ever reaches Prometheus', () => {
  it('every request Prometheus received in this file was a GET or POST to query, query_range or alerts: no DELETE, PUT, admin/tsdb or /-/quit', async () => {
    await nextTtl();
    await routes.overview.GET(viewer.request('http://console/api/sections'));
    await routes.alerts.GET(viewer.request('http://console/api/alerts'));
    expect(seen.length).toBeGreaterThan(20);
    const kinds = new Set(seen.map((s) => `${s.method} ${s.url.split('?')[0]}`));
    expect([...kinds].sort()).toEqual(['GET /api/v1/alerts', 'POST /api/v1/query', 'POST /api/v1/query_range']);
  });
});
