// Issue 16: the overview pushed as server-sent events (GET /api/sections/stream), against the simulator and a real
// Prometheus, the route handler called in-process as `next start` calls it. Every role has status.read, so no
// signed-in caller is refused with 403 here; the denials are a missing session and a revoked one (401).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import type { Stack } from '@/scripts/stack/stack';
import { startIntegrationStack } from './estate';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';
import { NextRequest } from 'next/server';

let stack: Stack;
let route: typeof import('@/app/api/sections/stream/route');
const URL = 'http://console/api/sections/stream';

beforeAll(async () => {
  useThrowawayStore();
  process.env.SESSION_CHECK_CACHE_MS = '500';
  stack = await startIntegrationStack();
  route = await import('@/app/api/sections/stream/route');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type Frame = { id?: string; event?: string; data?: string; retry?: number; comment?: boolean };

/** Reads one open stream frame by frame (blank-line separated); `ended` once the server closed it. */
function reader(response: Response, abort?: AbortController) {
  const stream = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const frames: Frame[] = [];
  const pump = (async () => {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const frame: Frame = {};
        for (const line of buffer.slice(0, at).split('\n')) {
          if (line.startsWith(':')) frame.comment = true;
          else if (line.startsWith('id: ')) frame.id = line.slice(4);
          else if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('data: ')) frame.data = line.slice(6);
          else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
        }
        frames.push(frame);
        buffer = buffer.slice(at + 2);
      }
    }
    ended = true;
  })().catch(() => (ended = true));
  return {
    frames,
    snapshots: () => frames.filter((f) => f.event === 'snapshot'),
    get ended() {
      return ended;
    },
    stop: async () => {
      abort?.abort();
      await stream.cancel().catch(() => undefined);
      await pump;
    },
  };
}

function open(who: SignedIn) {
  const abort = new AbortController();
  return route.GET(who.request(URL, { signal: abort.signal })).then((response) => ({ response, abort }));
}

describe('GET /api/sections/stream', () => {
  it('refuses a request without a session (401) and a revoked display token (401), and opens nothing', async () => {
    const anonymous = await route.GET(new NextRequest(URL));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/json');

    const screen = await signInAsDisplay();
    const { getStore } = await import('@/lib/server/store/store');
    const { listDisplayTokens, revokeDisplayToken } = await import('@/lib/auth/display-tokens');
    const store = await getStore();
    const token = (await listDisplayTokens(store)).find((t) => !t.revoked_at)!;
    await revokeDisplayToken(store, { actor: 'test-admin', actorRole: 'admin', clientAddress: '127.0.0.1' }, token.id);
    const revoked = await route.GET(screen.request(URL));
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('token-revoked');
  });

  it('sends a viewer the current overview at once, then a new snapshot when the data change (id = the ETag GET /api/sections serves)', async () => {
    const viewer = await signInAs('viewer', 'stream-viewer');
    const { response, abort } = await open(viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    const stream = reader(response, abort);
    try {
      await expect.poll(() => stream.snapshots().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
      expect(stream.frames[0]!.retry, 'the reconnection delay comes first').toBeGreaterThan(0);
      const first = stream.snapshots()[0]!;
      const overview = JSON.parse(first.data!) as OverviewResponse;
      expect(overview.sections.length).toBeGreaterThan(0);
      const { toSnapshot } = await import('@/lib/server/snapshot');
      expect(first.id).toBe(toSnapshot(overview, 0).etag);

      // A change upstream: the call-failures scenario drives its section away from ok; the stream brings it.
      stack.setScenario('call-failures');
      const severityOf = (f: Frame) => (JSON.parse(f.data!) as OverviewResponse).sections.find((s) => s.id === 'call-failures')?.severity;
      await expect.poll(() => stream.snapshots().some((f) => severityOf(f) !== 'ok' && severityOf(f) !== undefined), { timeout: 60_000, interval: 100 }).toBe(true);
      const ids = stream.snapshots().map((f) => f.id);
      expect(new Set(ids).size, 'a frame is sent only when the snapshot changed').toBe(ids.length);
    } finally {
      stack.setScenario('healthy');
      await stream.stop();
    }
  }, 90_000);

  it('refuses a fifth stream for one session (429), and lets another open when one closes', async () => {
    const viewer = await signInAs('viewer', 'stream-tabs');
    const { STREAMS_PER_SESSION } = await import('@/lib/server/overview-stream');
    const tabs = await Promise.all(Array.from({ length: STREAMS_PER_SESSION }, () => open(viewer)));
    expect(tabs.map((t) => t.response.status)).toEqual(tabs.map(() => 200));
    const streams = tabs.map((t) => reader(t.response, t.abort));
    const extra = await route.GET(viewer.request(URL));
    expect(extra.status).toBe(429);
    await streams[0]!.stop();
    const again = await open(viewer);
    expect(again.response.status).toBe(200);
    const last = reader(again.response, again.abort);
    await Promise.all([...streams.slice(1), last].map((s) => s.stop()));
  });

  it('ends the stream of a session revoked meanwhile (sign-out), within the session cache’s time', async () => {
    const viewer = await signInAs('viewer', 'stream-revoked');
    const { response, abort } = await open(viewer);
    const stream = reader(response, abort);
    try {
      await expect.poll(() => stream.snapshots().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
      const { authorize } = await import('@/lib/auth/request-auth');
      const { revokeSession } = await import('@/lib/auth/sessions');
      const { getStore } = await import('@/lib/server/store/store');
      const { principal } = await authorize(viewer.request('http://console/api/sections'), 'status.read');
      // Deleted behind the cache's back, as another replica's revocation looks from here: only the TTL ends it.
      const store = await getStore();
      await store.writeTransaction((trx) => revokeSession(trx, principal.sessionId));
      await expect.poll(() => stream.ended, { timeout: 15_000, interval: 50 }).toBe(true);
    } finally {
      await stream.stop();
    }
  });

  // Last: the shutdown runs once per process.
  it('closes every open stream at shutdown without holding it up, and refuses new ones (503)', async () => {
    const viewer = await signInAs('viewer', 'stream-shutdown');
    const { response, abort } = await open(viewer);
    const stream = reader(response, abort);
    await expect.poll(() => stream.snapshots().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    const { shutdown } = await import('@/lib/server/shutdown');
    const report = await shutdown(1_000);
    expect(report.failedHooks).toEqual([]);
    await expect.poll(() => stream.ended, { timeout: 10_000, interval: 50 }).toBe(true);
    const { getOverviewStream } = await import('@/lib/server/overview-stream');
    expect(getOverviewStream().openConnections).toBe(0);
    const late = await route.GET(viewer.request(URL));
    expect(late.status).toBe(503);
    await stream.stop();
  });
});
