import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { checkLiveAnswers, loadRoutinesConfig, parseRoutinesConfig, type FigureSpec } from './config';
import { buildFigure } from './figures';
import { describeChange } from './format';

const count: FigureSpec = { label: '5xx responses in the last 24 h', section: 'error-rate', panel: 'errors-by-service', window: '24h', total: true };
const trend: FigureSpec = { label: 'API p95 against this time yesterday', section: 'performance', signal: 'api-p95', compare: 'yesterday' };
const perSecond = { unit: 'per-second' as const, seriesLabels: ['service', 'code'] };
const seconds = { unit: 'seconds' as const, seriesLabels: ['service'] };

describe('a routine figure', () => {
  it('turns a per-second rate over the window into the window’s count, per series and in total', () => {
    const figure = buildFigure(count, perSecond, [{ labels: { service: 'api', code: '503' }, value: 0.001 }, { labels: { service: 'tts', code: '502' }, value: 0 }, { labels: { service: 'orchestrator', code: '500' }, value: 0.01 }], null, 5);
    expect(figure).toMatchObject({ state: 'read', unit: 'count', total: 864 + 86, readAt: 5 });
    // Largest first; a series that counted nothing is left out of the breakdown.
    expect(figure.series.map((s) => [s.name, s.value])).toEqual([['orchestrator 500', 864], ['api 503', 86]]);
  });

  it('never prints a count of 0 for no series, nor a count of something that is not a rate', () => {
    expect(buildFigure(count, perSecond, [], null, 5)).toMatchObject({ state: 'unknown', total: null, reason: /no series over 24h/ });
    expect(buildFigure(count, { unit: 'ratio', seriesLabels: [] }, [{ labels: {}, value: 0.2 }], null, 5)).toMatchObject({ state: 'unknown', reason: /needs a per-second reading/ });
  });

  it('is unknown with the upstream’s words when the read fails', () => {
    expect(buildFigure(count, perSecond, new Error('prometheus: connection refused'), null, 5)).toMatchObject({ state: 'unknown', reason: 'prometheus: connection refused', readAt: null });
  });

  it('sets each series against the same series yesterday, and says why when yesterday cannot be read or has nothing', () => {
    const now = [{ labels: { service: 'orchestrator' }, value: 0.6 }, { labels: { service: 'tts' }, value: 0.2 }];
    const figure = buildFigure(trend, seconds, now, [{ labels: { service: 'orchestrator' }, value: 0.5 }], 5);
    expect(figure.series).toEqual([{ name: 'orchestrator', value: 0.6, yesterday: 0.5 }, { name: 'tts', value: 0.2, yesterday: null }]);
    expect(figure.yesterdayReason).toBeNull();
    expect(buildFigure(trend, seconds, now, new Error('prometheus: timeout'), 5).yesterdayReason).toMatch(/yesterday could not be read: prometheus: timeout/);
    expect(buildFigure(trend, seconds, now, [], 5).yesterdayReason).toMatch(/no reading at this time yesterday/);
    // A count from increase() is extrapolated; it is shown in whole units.
    const volume = buildFigure({ label: 'Call volume', section: 'call-failures', panel: 'call-volume' }, { unit: 'count', seriesLabels: ['series'] }, [{ labels: { series: 'calls in the last hour' }, value: 593.14 }], null, 5);
    expect(volume.series).toEqual([{ name: 'calls in the last hour', value: 593, yesterday: null }]);
  });

  it('describes the change against yesterday in words', () => {
    expect(describeChange(0.6, 0.5)).toBe('+20 %');
    expect(describeChange(0.45, 0.5)).toBe('−10 %');
    expect(describeChange(0.5, 0.5)).toBe('unchanged');
    expect(describeChange(1, 0)).toBe('up from 0');
    expect(describeChange(1, null)).toBeNull();
  });
});

describe('figures and windows in config/routines.yaml', () => {
  const config = loadRoutinesConfig(path.resolve(__dirname, '../../config/routines.yaml'));
  const sections = loadCatalog(path.resolve(__dirname, '../../runbooks'));
  const morning = config.routines.find((r) => r.id === 'morning-checklist')!;

  it('reads the morning error item over 24 h with the count beside it, and the calls over the last hour', () => {
    const errors = morning.items.find((i) => i.id === 'error-rate')!;
    expect(errors.live).toMatchObject({ window: '24h' });
    expect(errors.figures).toEqual([count]);
    expect(morning.items.find((i) => i.id === 'calls')!.live).toMatchObject({ window: '1h' });
  });

  it('refuses a figure naming a missing or non-chart panel, both or neither of signal and panel, a total without a window, a bad window', () => {
    const withFigure = (figure: Record<string, unknown>) => {
      const bad = structuredClone(config);
      bad.routines[0]!.items[0]!.figures = [figure as FigureSpec];
      return bad;
    };
    expect(() => checkLiveAnswers(withFigure({ ...count, panel: 'nope' }), sections)).toThrow(/figure "5xx responses in the last 24 h": section error-rate has no chart panel nope/);
    expect(() => checkLiveAnswers(withFigure({ ...count, panel: 'error-logs' }), sections)).toThrow(/no chart panel error-logs/);
    expect(() => checkLiveAnswers(withFigure({ ...trend, signal: 'nope' }), sections)).toThrow(/no signal nope/);
    const item = (figure: string) => `timeZone: UTC\nrotations: []\nroutines:\n  - { id: a, title: A, sources: [x], schedule: "0 9 * * *", graceMinutes: 1, items: [{ id: b, text: B, figures: [${figure}] }] }`;
    expect(() => parseRoutinesConfig(item('{ label: L, section: s, signal: x, panel: y }'))).toThrow(/figures\.0: name exactly one of signal and panel/);
    expect(() => parseRoutinesConfig(item('{ label: L, section: s }'))).toThrow(/name exactly one of signal and panel/);
    expect(() => parseRoutinesConfig(item('{ label: L, section: s, panel: y, total: true }'))).toThrow(/total needs a window/);
    expect(() => parseRoutinesConfig(item('{ label: L, section: s, panel: y, window: 24 hours }'))).toThrow(/figures\.0\.window: a duration such as 1h/);
  });
});
