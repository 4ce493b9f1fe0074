import { describe, expect, it } from 'vitest';
import { downsample, findFiringSince } from './firing-since';
import { makeSignal } from './test-signal';
import type { FiringRule } from './types';

const step = 60_000;
const now = 100 * step;
const window = { start: now - 60 * step, stepMs: step, now };
const firing: FiringRule = { severity: 'P1', description: 'x', op: '<', threshold: 0.95, value: 0.8, series: '' };
const points = (values: number[]): [number, number][] => values.map((v, i) => [now - (values.length - 1 - i) * step, v]);

describe('findFiringSince', () => {
  it('walks back to the first point of the current run', () => {
    const history = [{ labels: {}, points: points([0.99, 0.99, 0.8, 0.7, 0.8]) }];
    expect(findFiringSince(makeSignal(), firing, history, window)).toEqual({ since: now - 2 * step, bound: 'exact' });
  });

  it('says "at least" when the rule held over the whole history', () => {
    const history = [{ labels: {}, points: points(Array.from({ length: 61 }, () => 0.5)) }];
    expect(findFiringSince(makeSignal(), firing, history, window)).toEqual({ since: window.start, bound: 'at-least' });
  });

  it('treats a gap in the samples and NaN as not firing', () => {
    const gap = { labels: {}, points: [[now - 10 * step, 0.5], [now - step, 0.5], [now, 0.5]] as [number, number][] };
    expect(findFiringSince(makeSignal(), firing, [gap], window).since).toBe(now - step);
    const nan = [{ labels: {}, points: points([0.5, Number.NaN, 0.5]) }];
    expect(findFiringSince(makeSignal(), firing, nan, window).since).toBe(now);
  });

  it('starts now when the history has not caught up yet, or is missing', () => {
    expect(findFiringSince(makeSignal(), firing, [{ labels: {}, points: points([0.99]) }], window)).toEqual({ since: now, bound: 'exact' });
    expect(findFiringSince(makeSignal(), firing, [], window)).toEqual({ since: now, bound: 'exact' });
  });

  it('follows the firing series among several', () => {
    const signal = makeSignal({ seriesLabels: ['vendor'] });
    const history = [
      { labels: { vendor: 'mews' }, points: points([0.5, 0.5, 0.5]) },
      { labels: { vendor: 'apaleo' }, points: points([0.99, 0.5, 0.5]) },
    ];
    expect(findFiringSince(signal, { ...firing, series: 'apaleo' }, history, window).since).toBe(now - step);
  });
});

describe('downsample', () => {
  it('keeps short series and always the newest point', () => {
    expect(downsample([[1, 1]], 5)).toEqual([[1, 1]]);
    const long = Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]);
    const kept = downsample(long, 10);
    expect(kept).toHaveLength(10);
    expect(kept.at(-1)).toEqual([99, 99]);
  });
});
