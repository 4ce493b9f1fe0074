import 'server-only';
import type { Kysely } from 'kysely';
import { STREAM_HEARTBEAT_MS } from '@/lib/api/overview-stream-protocol';
import { can } from '@/lib/auth/permissions';
import { getSessionPolicy } from '@/lib/auth/session-policy';
import { findLiveSessions } from '@/lib/auth/sessions';
import { getEnv } from '@/lib/env';
import { getOverviewSnapshot } from './overview-snapshot';
import { onShutdown } from './shutdown';
import { createSnapshotStreamHub } from './snapshot-stream';
import type { Database } from './store/schema';
import { getStore } from './store/store';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewStream?: ReturnType<typeof createSnapshotStreamHub> };

/** Open streams per session: a few tabs of one browser; more is a runaway page or a script, refused with 429. */
export const STREAMS_PER_SESSION = 4;

/*
 * Issue 16, measured (npm run bench, BENCH_ONLY=push, 40 s a run, 2 shared cores, load average 1–7): at 500 viewers
 * the stream took 7.3–7.4 console CPU s against 13.3–15.4 for polling every 10 s with If-None-Match, and the data
 * shown were ~1.4 s old on average against ~7 s; it sent 4.5× the bytes (every 2 s snapshot to every viewer,
 * uncompressed: no-transform) and RSS was 0–50 MiB higher with 500 connections open. So the overview page, the
 * wall and every other reader of the overview take it from this stream, and poll GET /api/sections only while it
 * is not delivering (lib/client/overview-stream.ts: refused, broken, or held back by a buffering proxy).
 */

/**
 * The sessions of the open streams that may still read the overview: one store query for all of them
 * (findLiveSessions), and the permission from the table, so a role change that takes status.read away ends them.
 */
export function createStreamSessionCheck(db: () => Promise<Kysely<Database>>) {
  return async (sessionIds: string[]): Promise<Set<string>> => {
    const live = await findLiveSessions(await db(), sessionIds, getSessionPolicy());
    return new Set([...live].filter(([, role]) => can(role, 'status.read')).map(([id]) => id));
  };
}

/**
 * The overview's stream hub (GET /api/sections/stream), one per process (on globalThis: Next loads route modules
 * separately). It ticks at the session cache's TTL or the snapshot interval, whichever is shorter (at most 1 s),
 * so a new snapshot reaches the viewers within a tick and a revoked session's stream ends within a tick.
 * A store that cannot be read keeps the streams open for one session-cache TTL (what a poll's cached session
 * gets), then ends them all: the browsers fall back to polling, which shows the failure.
 */
export function getOverviewStream() {
  if (!holder.__voicehiveOpsOverviewStream) {
    const env = getEnv();
    const tickMs = Math.max(250, Math.min(env.UPSTREAM_CACHE_TTL_MS, env.SESSION_CHECK_CACHE_MS || 1_000, 1_000));
    const hub = createSnapshotStreamHub({
      source: getOverviewSnapshot(),
      tickMs,
      heartbeatMs: STREAM_HEARTBEAT_MS,
      retryMs: 3_000,
      maxPerSession: STREAMS_PER_SESSION,
      checkSessions: createStreamSessionCheck(async () => (await getStore()).db),
      checkGraceMs: Math.max(tickMs, env.SESSION_CHECK_CACHE_MS),
      onError: (error) => console.error('[api] overview stream: refresh or session check failed', error),
    });
    // Stop-work: open streams never hold the shutdown up; the browsers reconnect elsewhere.
    onShutdown('overview streams', () => hub.closeAll(), 'stop-work');
    holder.__voicehiveOpsOverviewStream = hub;
  }
  return holder.__voicehiveOpsOverviewStream;
}
