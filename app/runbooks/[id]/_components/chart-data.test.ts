import { describe, expect, it } from 'vitest';
import { buildChartRows, summarizeLatest } from './chart-data';

describe('buildChartRows', () => {
  it('merges series by timestamp into rows with one safe column per series', () => {
    const { rows, lines } = buildChartRows([
      { name: 'node-1 /var.log', points: [[2000, 1], [1000, 0.5]] },
      { name: 'b', points: [[1000, 3], [3000, Number.NaN]] },
    ]);
    expect(lines).toEqual([{ key: 's0', name: 'node-1 /var.log' }, { key: 's1', name: 'b' }]);
    expect(rows).toEqual([
      { t: 1000, s0: 0.5, s1: 3 },
      { t: 2000, s0: 1 },
      { t: 3000, s1: null },
    ]);
  });

  it('turns infinities into gaps', () => {
    expect(buildChartRows([{ name: 'p95', points: [[1, Infinity]] }]).rows).toEqual([{ t: 1, s0: null }]);
  });
});

describe('summarizeLatest', () => {
  it('reads the newest value of each series in its unit', () => {
    const series = [
      { name: 'apaleo', points: [[1, 0.2], [2, 0.125]] as [number, number][] },
      { name: 'mews', points: [[2, Infinity]] as [number, number][] },
    ];
    expect(summarizeLatest(series, 'ratio')).toBe('Latest: apaleo 12.5 %, mews ∞.');
    expect(summarizeLatest([], 'ratio')).toBe('No data in this range.');
  });
});
