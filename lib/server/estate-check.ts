import 'server-only';
import { contractMetrics, familyInfo, findFamily, type ExporterFamily } from '@/lib/catalog/exporter-families';
import { findMetricSelectors, type ExporterSelectors } from '@/lib/catalog/exporter-selectors';
import type { Section } from '@/lib/catalog/schema';
import { describeMissingMetric, locateMetric, type MetricLocation, type Query } from './no-data';

/**
 * The estate check (the seed's "Missing metrics" runbook as a tool): for the configured Prometheus, where
 * every metric of the contract is, and whether each section can be judged with what is there.
 */
export type MetricCheck = { metric: string; family: ExporterFamily; location: MetricLocation; advice: string | null };
export type SectionCheck = { id: string; title: string; judgeable: boolean; problems: string[] };
export type EstateCheck = { metrics: MetricCheck[]; sections: SectionCheck[] };

/** A histogram is looked for by its `_count` series; the others by their own name. */
const seriesName = (m: (typeof contractMetrics)[number]) => (m.histogram ? `${m.name}_count` : m.name);
const baseName = (series: string) => contractMetrics.find((m) => m.name === series || (m.histogram && series.startsWith(m.name)))?.name ?? series;

export async function checkEstate(sections: Section[], selectors: ExporterSelectors, query: Query): Promise<EstateCheck> {
  const metrics = await Promise.all(
    contractMetrics.map(async (m): Promise<MetricCheck> => {
      const series = seriesName(m);
      const location = await locateMetric(series, selectors[m.family], query);
      return { metric: m.name, family: m.family, location, advice: location.state === 'found' ? null : describeMissingMetric(series, m.family, selectors[m.family], location) };
    }),
  );
  const byName = new Map(metrics.map((m) => [m.metric, m]));
  const found = (name: string) => byName.get(name)?.location.state === 'found';
  const sectionChecks = sections.map((section): SectionCheck => {
    const problems = new Set<string>();
    for (const signal of section.signals) {
      for (const { metric } of findMetricSelectors(signal.query)) {
        const family = findFamily(metric);
        if (!family) continue;
        const name = baseName(metric);
        // "Nothing happened" is a judgement too, as long as the exporter proves it is alive.
        const liveness = familyInfo[family].liveness;
        const judged = found(name) || (signal.onEmpty === 'ok' && found(liveness));
        if (!judged) problems.add(`${signal.id}: ${byName.get(name)?.advice ?? `${name} not found`}`);
      }
    }
    return { id: section.id, title: section.title, judgeable: problems.size === 0, problems: [...problems] };
  });
  return { metrics, sections: sectionChecks };
}

const stateWords = { absent: 'ABSENT', 'target-down': 'TARGET DOWN', 'other-labels': 'OTHER LABELS' } as const;

/** The check as plain text, for the command line. */
export function formatEstateCheck(check: EstateCheck): string {
  const width = Math.max(...check.metrics.map((m) => m.metric.length)) + 2;
  const state = (m: MetricCheck) =>
    m.location.state === 'found' ? `found (${m.location.series} series)` : `${stateWords[m.location.state]}: ${m.advice}`;
  const lines = ['Metrics of the contract, with the configured exporter selectors:', ''];
  for (const m of check.metrics) lines.push(`  ${m.metric.padEnd(width)}${m.family.padEnd(20)}${state(m)}`);
  lines.push('', 'Sections:', '');
  const idWidth = Math.max(...check.sections.map((s) => s.id.length)) + 2;
  for (const s of check.sections) {
    lines.push(`  ${s.id.padEnd(idWidth)}${s.judgeable ? 'can be judged' : 'CANNOT BE JUDGED'}`);
    for (const p of s.problems) lines.push(`  ${''.padEnd(idWidth)}  - ${p}`);
  }
  const notJudgeable = check.sections.filter((s) => !s.judgeable).length;
  const missing = check.metrics.filter((m) => m.location.state !== 'found').length;
  lines.push('', `${check.metrics.length - missing} of ${check.metrics.length} metrics found with the configured labels; ${check.sections.length - notJudgeable} of ${check.sections.length} sections can be judged.`);
  return lines.join('\n');
}
