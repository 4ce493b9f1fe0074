import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContractMetrics } from '@/sim/contract';
import { loadCatalog } from './load';
import { listQueries } from './bind-selectors';
import { contractMetrics } from './exporter-families';
import { defaultSelectors, expandSelectors, findMetricSelectors, findSelectorProblems, parseMatchers } from './exporter-selectors';

describe('parseMatchers', () => {
  it('reads matchers as PromQL writes them, with or without braces, and {} or nothing as none', () => {
    expect(parseMatchers('namespace="monitoring", job="managed-pg"')).toEqual(['namespace="monitoring"', 'job="managed-pg"']);
    expect(parseMatchers('{job=~"redis-(a|b)",instance!="x,y"}')).toEqual(['job=~"redis-(a|b)"', 'instance!="x,y"']);
    expect(parseMatchers('{}')).toEqual([]);
    expect(parseMatchers('')).toEqual([]);
  });

  it.each([
    ['namespace=monitoring', /not a label matcher/],
    ['namespace="a"} or vector(1) or up{', /not a label matcher/],
    ['1abc="x"', /not a label matcher/],
    ['__name__="pg_up"', /__name__/],
    ['job="a",', /not a label matcher/],
  ])('refuses %s', (text, message) => {
    expect(() => parseMatchers(text)).toThrow(message);
  });
});

describe('expandSelectors', () => {
  const selectors = { ...defaultSelectors(), postgres: ['namespace="monitoring"', 'job="managed-pg"'], dcgm: [] };

  it('puts the family matchers in place of the placeholder, beside the query’s own filters', () => {
    expect(expandSelectors('min(pg_up{$postgres})', selectors)).toBe('min(pg_up{namespace="monitoring",job="managed-pg"})');
    expect(expandSelectors('rate(voicehive_http_requests_total{$voicehive,code=~"5.."}[$window])', selectors)).toBe(
      'rate(voicehive_http_requests_total{namespace="voicehive",code=~"5.."}[$window])',
    );
  });

  it('leaves a bare metric name when a family has no matchers, and keeps quoted braces and commas intact', () => {
    expect(expandSelectors('max(DCGM_FI_DEV_GPU_UTIL{$dcgm,pod=~"riva-server-.*"})', selectors)).toBe('max(DCGM_FI_DEV_GPU_UTIL{pod=~"riva-server-.*"})');
    expect(expandSelectors('max(DCGM_FI_DEV_GPU_UTIL{$dcgm})', selectors)).toBe('max(DCGM_FI_DEV_GPU_UTIL)');
    expect(expandSelectors('x{$dcgm,a=~"b{2},c"}', selectors)).toBe('x{a=~"b{2},c"}');
  });

  it('refuses a placeholder that names no exporter family', () => {
    expect(() => expandSelectors('pg_up{$postgress}', selectors)).toThrow('unknown exporter placeholder $postgress');
  });

  it('reproduces the contract’s queries with the default selectors', () => {
    expect(expandSelectors('up{$prometheus} == 0', defaultSelectors())).toBe('up == 0');
    expect(expandSelectors('kube_job_status_failed{$kube_state_metrics,job_name=~"x.*"}', defaultSelectors())).toBe('kube_job_status_failed{namespace="voicehive",job_name=~"x.*"}');
  });
});

describe('findSelectorProblems (a catalog check)', () => {
  it('names a contract metric selected by hard-coded labels, or without its placeholder', () => {
    expect(findSelectorProblems('min(pg_up{namespace="voicehive"})')).toEqual([expect.stringContaining('pg_up must select its exporter with {$postgres}')]);
    expect(findSelectorProblems('count(up == 0)')).toEqual([expect.stringContaining('up must select its exporter with {$prometheus}')]);
    expect(findSelectorProblems('min(pg_up{$postgres,namespace="x"})')).toEqual([expect.stringContaining('hard-codes a namespace')]);
  });

  it('accepts placeholders, label names, functions and strings that look like metrics', () => {
    expect(findSelectorProblems('sum by (job) (up{$prometheus}) or label_replace(min(pg_up{$postgres}), "series", "up", "", "")')).toEqual([]);
  });

  it('finds nothing wrong in the committed catalog', () => {
    const problems = loadCatalog('runbooks').flatMap((s) => listQueries(s).flatMap(({ query }) => findSelectorProblems(query)));
    expect(problems).toEqual([]);
  });
});

describe('findMetricSelectors', () => {
  it('lists each selector with its metric and matchers', () => {
    expect(findMetricSelectors('sum(rate(a{x="1",y=~"2,3"}[5m])) / b{z="4"}')).toEqual([
      { metric: 'a', matchers: ['x="1"', 'y=~"2,3"'] },
      { metric: 'b', matchers: ['z="4"'] },
    ]);
  });
});

describe('the contract list', () => {
  it('holds exactly the metrics of ../shared/contract/metrics.md and the repository’s additions to it', () => {
    // shared/ sits beside the repository (in CI too); a missing contract fails the test, it is not skipped.
    const contract = [...readContractMetrics(path.resolve(__dirname, '../../../shared/contract/metrics.md')), ...readContractMetrics(path.resolve(__dirname, '../../contract/metrics-additions.md'))];
    expect(contractMetrics.map((m) => m.name).sort()).toEqual([...new Set(contract.map((m) => m.name))].sort());
  });
});
