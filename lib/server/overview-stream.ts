import 'server-only';
import { getEnv } from '@/lib/env';
import { getOverviewSnapshot } from './overview-snapshot';
import { onShutdown } from './shutdown';
import { createSnapshotStreamHub } from './snapshot-stream';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewStream?: ReturnType<typeof createSnapshotStreamHub> };

/** Open streams per session: a few tabs of one browser; more is a runaway page or a script, refused with 429. */
export const STREAMS_PER_SESSION = 4;

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
