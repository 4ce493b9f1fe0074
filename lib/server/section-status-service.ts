import 'server-only';
import { getEnv, getExporterSelectors, parseDurationMs } from '@/lib/env';
import type { Section } from '@/lib/catalog/schema';
import { evaluateSignal } from '@/lib/severity/evaluate-signal';
import { buildSectionStatus, type SectionStatus } from '@/lib/severity/section-status';
import { markStale } from '@/lib/severity/staleness';
import { compare } from '@/lib/severity/compare';
import { sortWorstFirst } from '@/lib/severity/order';
import type { SeriesRange, SeriesValue } from '@/lib/severity/types';
import { getCatalog } from './catalog';
import { explainNoData } from './no-data';
import { getPrometheus } from './prometheus-instance';
import { readTimeOf } from './shared-cache';
import { getSharedLink } from './shared-state/instance';
import { createLastGoodReadings } from './shared-state/last-good';
import { isUpstreamError, type UpstreamError } from './upstream-error';

/** Substitutes the configured evaluation window into a catalog query. */
export function expandQuery(query: string, window: string): string {
  return query.replaceAll('$window', window);
}

/** The upstream itself is down (no answer, or a 5xx), as opposed to a query it rejects. */
function isUpstreamDown(error: unknown): error is UpstreamError {
  return isUpstreamError(error) && (error.status === null || error.status >= 500);
}

// The last good status per section, so a failing upstream shows old data as stale instead of nothing;
// shared between replicas through the console's own Redis when there is one (lib/server/shared-state).
// On globalThis: Next may load this module once per route bundle, and every route must agree.
const holder = globalThis as typeof globalThis & { __voicehiveOpsLastGood?: ReturnType<typeof createLastGoodReadings<SectionStatus>> };
function lastGood() {
  holder.__voicehiveOpsLastGood ??= createLastGoodReadings<SectionStatus>({ link: getSharedLink, namespace: 'voicehive-ops:sections' });
  return holder.__voicehiveOpsLastGood;
}

function holdsAnyCondition(signal: Section['signals'][number], result: SeriesValue[] | Error): boolean {
  return !(result instanceof Error) && result.some((series) => signal.rules.some((r) => compare(series.value, r.op, r.threshold)));
}

/** A promise's value, or its failure as an Error (a failed read is a reading of its own, not a throw). */
export async function settle<T>(promise: Promise<T>): Promise<T | Error> {
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

  // History only where it is used: the key signal's sparkline, and "firing since" / `for` rules of
  // signals that hold a rule's condition right now.
  const history: Record<string, SeriesRange[] | Error> = {};
  await Promise.all(
    section.signals.map(async (s, i) => {
      if (s.id !== section.keySignal && !holdsAnyCondition(s, results[i]!)) return;
      history[s.id] = await settle(prometheus.queryRange(expandQuery(s.query, env.SIGNAL_WINDOW), { startMs: window.start, endMs: now, stepMs }));
    }),
  );
  // An empty answer is explained (exporter absent, other labels, or nothing happened) with shared, cached reads.
  const selectors = getExporterSelectors(env);
  const emptyAnswers = await Promise.all(
    section.signals.map((s, i) => {
      const result = results[i]!;
      return Array.isArray(result) && result.length === 0 ? settle(explainNoData(s, selectors, (expr) => prometheus.query(expr))) : undefined;
    }),
  );
  const signals = section.signals.map((s, i) => {
    const range = history[s.id];
    const empty = emptyAnswers[i];
    return evaluateSignal(s, results[i]!, range && !(range instanceof Error) ? { series: range, window } : undefined, empty instanceof Error ? undefined : empty);
  });

  // Stamped with its oldest read, not the time of this evaluation: one answered from reads cached before an
  // outage began must not look newer than the data it shows (as the last good reading, its stale "since").
  const readAt = [...results, ...Object.values(history)].map(readTimeOf).filter((at): at is number => at !== undefined);
  const fresh = { ...buildSectionStatus({ section, signals, history, severityTable, window }), evaluatedAt: Math.min(now, ...readAt) };
  const failures = [...results, ...Object.values(history)].filter(isUpstreamDown);
  if (failures.length === 0) {
    await lastGood().remember(section.id, fresh);
    return fresh;
  }
  // Only when nothing could be read is the last good reading better than this one: a P0 read just now
  // by one signal must not be hidden behind an old reading because another signal's query failed.
  const previous = results.every(isUpstreamDown) ? await lastGood().recall(section.id) : undefined;
  if (previous) return markStale(previous, failures[0]!.message, now, env.STALE_UNKNOWN_AFTER_MS);
  return { ...fresh, severity: fresh.severity === 'ok' ? 'unknown' : fresh.severity, error: failures[0]!.message };
}

/** Every section, worst first (then by title, so the order is stable between polls). */
export async function evaluateAllSections(now = Date.now()): Promise<SectionStatus[]> {
  return sortWorstFirst(await Promise.all(getCatalog().sections.map((s) => evaluateSection(s, now))));
}
