import { expandSelectors, type ExporterSelectors } from './exporter-selectors';
import type { Panel, Section } from './schema';

/** Every PromQL text a section holds, with a function that puts a rewritten one back. */
function mapQueries(section: Section, rewrite: (query: string) => string): Section {
  const panel = (p: Panel): Panel => {
    if (p.kind === 'timeseries') return { ...p, query: rewrite(p.query) };
    if (p.kind !== 'pms-vendors') return p;
    return {
      ...p,
      requestsQuery: p.requestsQuery && rewrite(p.requestsQuery),
      latencyQuery: p.latencyQuery && rewrite(p.latencyQuery),
      breaker: p.breaker && { ...p.breaker, query: rewrite(p.breaker.query) },
    };
  };
  return { ...section, signals: section.signals.map((s) => ({ ...s, query: rewrite(s.query) })), panels: section.panels.map(panel) };
}

/** The catalog with each `$family` placeholder replaced by this estate's matchers for that exporter family. */
export function bindExporterSelectors(sections: Section[], selectors: ExporterSelectors): Section[] {
  return sections.map((section) => mapQueries(section, (query) => expandSelectors(query, selectors)));
}

/** Every query of a section with where it sits, for checks. */
export function listQueries(section: Section): { path: (string | number)[]; query: string }[] {
  const found: { path: (string | number)[]; query: string }[] = [];
  section.signals.forEach((s, i) => found.push({ path: ['signals', i, 'query'], query: s.query }));
  section.panels.forEach((p, i) => {
    if (p.kind === 'timeseries') found.push({ path: ['panels', i, 'query'], query: p.query });
    if (p.kind !== 'pms-vendors') return;
    if (p.requestsQuery) found.push({ path: ['panels', i, 'requestsQuery'], query: p.requestsQuery });
    if (p.latencyQuery) found.push({ path: ['panels', i, 'latencyQuery'], query: p.latencyQuery });
    if (p.breaker) found.push({ path: ['panels', i, 'breaker', 'query'], query: p.breaker.query });
  });
  return found;
}
