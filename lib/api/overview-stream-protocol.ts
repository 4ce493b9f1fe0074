/**
 * The wire format of GET /api/sections/stream, shared by the server (lib/server/snapshot-stream.ts) and the browser
 * (lib/client/overview-stream.ts); no server or client import, so both bundles can take it.
 *
 * - `event: snapshot`, two `data:` lines: the snapshot's age in ms when it was sent, then its body (the JSON
 *   GET /api/sections serves). The age is the server's own figure, as `x-snapshot-age-ms` is for a poll: browser and
 *   server clocks may differ, and the first frame on connect may be a snapshot taken a while ago.
 * - `event: heartbeat`, `data:` the age of the snapshot the stream last sent. A comment line would keep proxies
 *   awake too, but the browser's EventSource never shows comments to the page: a named event lets it tell a quiet
 *   stream (a slow refresh, its data ageing visibly) from one a proxy holds back or that died.
 */
export const SNAPSHOT_EVENT = 'snapshot';
export const HEARTBEAT_EVENT = 'heartbeat';
export const OVERVIEW_STREAM_PATH = '/api/sections/stream';

/** How often the server sends a heartbeat; the browser gives up on a stream silent for twice this (and two polls). */
export const STREAM_HEARTBEAT_MS = 5_000;

/** Splits a snapshot event's data (age, newline, body). Null for anything else: the caller falls back to polling. */
export function parseSnapshotData(data: string): { ageMs: number; body: string } | null {
  const at = data.indexOf('\n');
  if (at < 0) return null;
  const ageMs = Number(data.slice(0, at));
  if (!Number.isFinite(ageMs) || ageMs < 0) return null;
  return { ageMs, body: data.slice(at + 1) };
}

/** A heartbeat's age, or null when it is not a number. */
export function parseHeartbeatAge(data: string): number | null {
  const ageMs = Number(data);
  return data !== '' && Number.isFinite(ageMs) && ageMs >= 0 ? ageMs : null;
}
