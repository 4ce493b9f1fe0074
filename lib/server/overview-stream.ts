import 'server-only';
import { getEnv } from '@/lib/env';
import { getOverviewSnapshot } from './overview-snapshot';
import { onShutdown } from './shutdown';
import { createSnapshotStreamHub } from './snapshot-stream';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewStream?: ReturnType<typeof createSnapshotStreamHub> };

/** Open streams per session: a few tabs of one browser; more is a runaway page or a script, refused with 429. */
export const STREAMS_PER_SESSION = 4;

/*
 * Issue 16, measured (npm run bench, BENCH_ONLY=push, 40 s a run, 2 shared cores, load average 1–7): at 500 viewers
 * the stream took 7.3–7.4 console CPU s against 13.3–15.4 for polling every 10 s with If-None-Match, and the data
 * shown were ~1.4 s old on average against ~7 s; it sent 4.5× the bytes (every 2 s snapshot to every viewer,
 * uncompressed: no-transform) and RSS was 0–50 MiB higher with 500 connections open. The browser still polls:
 * wiring the pages to this stream, with polling as the fallback, was not done in time (see the branch's report).
 */

/**
 * The overview's stream hub (GET /api/sections/stream), one per process (on globalThis: Next loads route modules
 * separately). It ticks at the session cache's TTL or the snapshot interval, whichever is shorter, so a new
 * snapshot reaches the viewers within a tick and a revoked session's stream ends within about that TTL.
 */
export function getOverviewStream() {
  if (!holder.__voicehiveOpsOverviewStream) {
    const env = getEnv();
    const hub = createSnapshotStreamHub({
      source: getOverviewSnapshot(),
      tickMs: Math.max(250, Math.min(env.UPSTREAM_CACHE_TTL_MS, env.SESSION_CHECK_CACHE_MS || 1_000, 1_000)),
      heartbeatMs: 15_000,
      retryMs: 3_000,
      maxPerSession: STREAMS_PER_SESSION,
      onError: (error) => console.error('[api] overview stream refresh failed', error),
    });
    // Stop-work: open streams never hold the shutdown up; the browsers reconnect elsewhere.
    onShutdown('overview streams', () => hub.closeAll(), 'stop-work');
    holder.__voicehiveOpsOverviewStream = hub;
  }
  return holder.__voicehiveOpsOverviewStream;
}
