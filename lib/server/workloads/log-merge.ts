import 'server-only';
import type { LogLine } from '@/lib/api/workloads-types';

/** A line longer than this is shortened for the browser (it was already masked whole, so nothing leaks). */
export const MAX_SHOWN_LINE_CHARS = 2000;

// A timestamp at the start of a line: RFC 3339 (kubectl --timestamps, most JSON-free loggers) or
// Python's asctime ("2025-03-01 12:00:00,123"), optionally in brackets.
const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?(?=[\s\]]|$)/;

/**
 * When a line was written, from its own leading timestamp, or null. A time without a zone is read as
 * UTC: lines of one service's pods share a format, so the order between them is what matters.
 */
export function parseLogTimestamp(line: string): number | null {
  const match = LEADING_TIME.exec(line);
  if (!match) return null;
  const [, date, time, fraction = '0', zone = 'Z'] = match;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}.${millis}${offset}`);
  return Number.isFinite(ms) ? ms : null;
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN_LINE_CHARS ? `${text.slice(0, MAX_SHOWN_LINE_CHARS)} …[shortened]` : text;
}

export type PodLines = { pod: string; lines: string[] };

/**
 * One tail from many pods: merged by time when the lines carry timestamps, then the newest `maxLines`.
 * A line without its own timestamp (a traceback's continuation) keeps the time of the line before it in
 * the same pod, so it stays under the line it belongs to; lines before any timestamp take the pod's first.
 */
export function mergePodLogs(pods: PodLines[], maxLines: number): { lines: LogLine[]; sortedByTime: boolean; linesOmitted: number } {
  let sortedByTime = false;
  const keyed = pods.flatMap(({ pod, lines }) => {
    const stamps = lines.map(parseLogTimestamp);
    let last: number | null = stamps.find((s) => s !== null) ?? null;
    return lines.map((text, i) => {
      last = stamps[i] ?? last;
      if (last !== null) sortedByTime = true;
      return { pod, text, at: last ?? -Infinity };
    });
  });
  // Array sort is stable: equal times keep each pod's own order, and pods without timestamps stay together.
  if (sortedByTime) keyed.sort((a, b) => a.at - b.at);
  const kept = keyed.slice(Math.max(0, keyed.length - maxLines));
  return { lines: kept.map(({ pod, text }) => ({ pod, text: shorten(text) })), sortedByTime, linesOmitted: keyed.length - kept.length };
}

/**
 * The container `kubectl logs` reads when none is named: the one the pod's default-container annotation
 * names, else the first. Null for a single-container pod, where the API server needs no name.
 */
export function chooseLogContainer(pod: { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: { name: string }[] } }): string | null {
  const containers = pod.spec?.containers ?? [];
  if (containers.length <= 1) return null;
  const preferred = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  return containers.find((c) => c.name === preferred)?.name ?? containers[0]?.name ?? null;
}
