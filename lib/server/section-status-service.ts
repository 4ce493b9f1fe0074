import 'server-only';
import { getEnv, parseDurationMs } from '@/lib/env';
import type { Section } from '@/lib/catalog/schema';
import { evaluateSignal } from '@/lib/severity/evaluate-signal';
import { buildSectionStatus, type SectionStatus } from '@/lib/severity/section-status';
import { markStale } from '@/lib/severity/staleness';
import { compare } from '@/lib/severity/compare';
import { compareSeverity, type SeriesRange, type SeriesValue } from '@/lib/severity/types';
import { getCatalog } from './catalog';
import { getPrometheus } from './prometheus-instance';
import { UpstreamError } from './upstream-error';

/** Substitutes the configured evaluation window into a catalog query. */
export function expandQuery(query: string, window: string): string {
  return query.replaceAll('$window', window);
}

/** The upstream itself is down (no answer, or a 5xx), as opposed to a query it rejects. */
function isUpstreamDown(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError && (error.status === null || error.status >= 500);
}

// The last good status per section, so a failing upstream shows old data as stale instead of nothing.
const lastGood = new Map<string, SectionStatus>();

function holdsAnyCondition(signal: Section['signals'][number], result: SeriesValue[] | Error): boolean {
  return !(result instanceof Error) && result.some((series) => signal.rules.some((r) => compare(series.value, r.op, r.threshold)));
}

async function settle<T>(promise: Promise<T>): Promise<T | Error> {
  try {
    return await promise;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export async function evaluateSection(section: Section, now = Date.now()): Promise<SectionStatus> {
  const env = getEnv();
  const prometheus = getPrometheus();
  const { severityTable } = getCatalog();
  const stepMs = parseDurationMs(env.HISTORY_STEP);
  const window = { start: now - parseDurationMs(env.HISTORY_LOOKBACK), stepMs, now };

  const results = await Promise.all(section.signals.map((s) => settle(prometheus.query(expandQuery(s.query, env.SIGNAL_WINDOW)))));
  const down = results.find(isUpstreamDown);

  // History only where it is used: the key signal's sparkline, and "firing since" / `for` rules of
  // signals that hold a rule's condition right now.
  const history: Record<string, SeriesRange[] | Error> = {};
  await Promise.all(
    section.signals.map(async (s, i) => {
      if (s.id !== section.keySignal && !holdsAnyCondition(s, results[i]!)) return;
      history[s.id] = await settle(prometheus.queryRange(expandQuery(s.query, env.SIGNAL_WINDOW), { startMs: window.start, endMs: now, stepMs }));
    }),
  );
  const signals = section.signals.map((s, i) => {
    const range = history[s.id];
    return evaluateSignal(s, results[i]!, range && !(range instanceof Error) ? { series: range, window } : undefined);
  });

  const fresh = buildSectionStatus({ section, signals, history, severityTable, window });
  if (!down) {
    lastGood.set(section.id, fresh);
    return fresh;
  }
  const previous = lastGood.get(section.id);
  if (previous) return markStale(previous, down.message, now, env.STALE_UNKNOWN_AFTER_MS);
  return { ...fresh, severity: 'unknown', error: down.message };
}

/** Every section, worst first (then by title, so the order is stable between polls). */
export async function evaluateAllSections(now = Date.now()): Promise<SectionStatus[]> {
  const statuses = await Promise.all(getCatalog().sections.map((s) => evaluateSection(s, now)));
  return statuses.sort((a, b) => compareSeverity(a.severity, b.severity) || a.title.localeCompare(b.title));
}
