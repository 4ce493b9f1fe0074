import 'server-only';
import { familyInfo, findFamily, selectorVariable, type ExporterFamily } from '@/lib/catalog/exporter-families';
import { findMetricSelectors, type ExporterSelectors } from '@/lib/catalog/exporter-selectors';
import type { Signal } from '@/lib/catalog/schema';
import type { Labels, SeriesValue } from '@/lib/severity/types';

/** What an empty answer means, found out from Prometheus: shown on the signal instead of a bare "no data". */
export type NoDataExplanation = {
  severity: 'ok' | 'unknown';
  /** In words, naming the metric, the labels found and the setting to change. */
  message: string;
  kind: 'absent' | 'target-down' | 'other-labels' | 'filter-matched-nothing' | 'nothing-happened';
};

export type Query = (expr: string) => Promise<SeriesValue[]>;

/** The label sets shown when a metric exists with other labels: a few, enough to see what to configure. */
const MAX_LABEL_SETS = 3;

const selector = (metric: string, matchers: string[]) => (matchers.length ? `${metric}{${matchers.join(',')}}` : metric);
const formatLabels = (labels: Labels) =>
  `{${Object.entries(labels)
    .filter(([name, value]) => name !== '__name__' && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;

/**
 * The label names worth showing for a family: those its matchers use, the job, and the usual spellings of a
 * namespace (service discovery's relabelling writes `kubernetes_namespace`; honor_labels conflicts `exported_namespace`).
 */
function labelNamesFor(matchers: string[]): string[] {
  const names = matchers.map((m) => /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(m)?.[0] ?? '').filter(Boolean);
  return [...new Set([...names, 'job', 'namespace', 'kubernetes_namespace', 'exported_namespace'])];
}

/**
 * Where a metric is: with the configured matchers (how many series), only with other labels (which), nowhere while
 * the exporter's scrape target is down (which targets: `up == 0` with the same matchers), or nowhere.
 */
export type MetricLocation =
  | { state: 'found'; series: number }
  | { state: 'other-labels'; labelSets: string[]; more: number }
  | { state: 'target-down'; targets: string[]; more: number }
  | { state: 'absent' };

export async function locateMetric(metric: string, matchers: string[], query: Query): Promise<MetricLocation> {
  const configured = await query(`count(${selector(metric, matchers)})`);
  if (configured.length > 0) return { state: 'found', series: configured[0]!.value };
  const existing = await query(`count by (${labelNamesFor(matchers).join(', ')}) (${metric})`);
  if (existing.length === 0) return locateDownTargets(matchers, query);
  return { state: 'other-labels', labelSets: existing.slice(0, MAX_LABEL_SETS).map((s) => formatLabels(s.labels)), more: Math.max(0, existing.length - MAX_LABEL_SETS) };
}

/**
 * A failed scrape leaves no series at all, the same as an exporter that was never scraped: `up == 0` with the
 * family's matchers tells the two apart (only with matchers: a bare `up == 0` could be any other exporter's target).
 */
async function locateDownTargets(matchers: string[], query: Query): Promise<MetricLocation> {
  if (matchers.length === 0) return { state: 'absent' };
  const down = await query(`count by (job, instance) (${selector('up', matchers)} == 0)`);
  if (down.length === 0) return { state: 'absent' };
  return { state: 'target-down', targets: down.slice(0, MAX_LABEL_SETS).map((s) => formatLabels(s.labels)), more: Math.max(0, down.length - MAX_LABEL_SETS) };
}

/** The sentence for a metric that is not found with the configured matchers. */
export function describeMissingMetric(metric: string, family: ExporterFamily, matchers: string[], where: Exclude<MetricLocation, { state: 'found' }>): string {
  const info = familyInfo[family];
  if (where.state === 'absent') return `no ${metric} series at all: is ${info.label} scraped by this Prometheus?`;
  if (where.state === 'target-down') return `no ${metric} series now: Prometheus cannot scrape ${info.label} (up == 0 for ${where.targets.join(', ')}${where.more > 0 ? ` and ${where.more} more` : ''})`;
  const more = where.more > 0 ? ` and ${where.more} more` : '';
  return `${metric} exists, but not with {${matchers.join(', ')}}: found ${where.labelSets.join(', ')}${more}. Set ${selectorVariable(family)} to the labels that select ${info.label}`;
}

/**
 * Why a metric has no series with the configured matchers: none at all (the exporter is not scraped), or
 * only with other labels (which, and the setting that selects them). Null when it does exist.
 */
async function explainMissingMetric(metric: string, family: ExporterFamily, matchers: string[], query: Query): Promise<NoDataExplanation | null> {
  const where = await locateMetric(metric, matchers, query);
  if (where.state === 'found') return null;
  return { severity: 'unknown', kind: where.state, message: describeMissingMetric(metric, family, matchers, where) };
}

/**
 * Explains an empty answer to a signal's (bound) query. A signal whose catalog entry says absence is healthy
 * (`onEmpty: ok`: no OOMKilled container, no failed job) is `ok` only while each exporter it reads proves it is
 * alive; otherwise the metric that is missing, or present only with other labels, is named.
 */
export async function explainNoData(signal: Pick<Signal, 'query' | 'onEmpty'>, selectors: ExporterSelectors, query: Query): Promise<NoDataExplanation> {
  const used = new Map<string, ExporterFamily>();
  for (const { metric } of findMetricSelectors(signal.query)) {
    const family = findFamily(metric);
    if (family && !used.has(metric)) used.set(metric, family);
  }
  if (signal.onEmpty === 'ok') {
    const families = [...new Set(used.values())];
    for (const family of families) {
      const silent = await explainMissingMetric(familyInfo[family].liveness, family, selectors[family], query);
      if (silent) return { ...silent, message: `cannot tell that nothing happened: ${silent.message}` };
    }
    const alive = families.map((f) => familyInfo[f].label).join(' and ');
    return { severity: 'ok', kind: 'nothing-happened', message: `none: nothing matched${alive ? `, and ${alive} ${families.length > 1 ? 'are' : 'is'} reporting` : ''}` };
  }
  for (const [metric, family] of used) {
    const missing = await explainMissingMetric(metric, family, selectors[family], query);
    if (missing) return missing;
  }
  const names = [...used.keys()].join(', ');
  return {
    severity: 'unknown',
    kind: 'filter-matched-nothing',
    message: `no data: the query returned no series${names ? `, although ${names} exist${used.size > 1 ? '' : 's'} with the configured labels` : ''}`,
  };
}
