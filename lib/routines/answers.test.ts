import { describe, expect, it } from 'vitest';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { SignalStatus } from '@/lib/severity/types';
import { answerItem } from './answers';

const signal = (over: Partial<SignalStatus>): SignalStatus => ({ id: 'backup-age', name: 'Backup age', unit: 'timestamp-age', severity: 'ok', value: 600, series: [{ name: 'postgres', value: 600, severity: 'ok' }], firing: null, reason: null, ...over });
const status = (signals: SignalStatus[], over: Partial<SectionStatus> = {}): SectionStatus =>
  ({ id: 'backups', title: 'Backups', severity: 'ok', signals, key: { signalId: 'backup-age', name: 'Backup age', unit: 'timestamp-age', value: 600, series: '' }, sparkline: [], firing: null, firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt: 1_000, stale: null, error: null, ...over }) as SectionStatus;
const live = { section: 'backups', signal: 'backup-age', max: 3600 };

describe('a routine item answered from its section', () => {
  it('is green when every series is within, red when one is outside (the worst one shown)', () => {
    expect(answerItem(live, status([signal({})]))).toMatchObject({ state: 'green', value: 600, series: 'postgres', readAt: 1_000 });
    const red = answerItem(live, status([signal({ series: [{ name: 'postgres', value: 7200, severity: 'P1' }, { name: 'redis', value: 100, severity: 'ok' }] })]));
    expect(red).toMatchObject({ state: 'red', value: 7200, series: 'postgres' });
    const lowest = answerItem({ section: 'call-failures', signal: 'backup-age', min: 0.95 }, status([signal({ series: [{ name: 'a', value: 0.99, severity: 'ok' }, { name: 'b', value: 0.97, severity: 'ok' }] })]));
    expect(lowest).toMatchObject({ state: 'green', value: 0.97, series: 'b' });
  });

  it('is unknown, never green, when the upstream fails, the reading is stale, or there is no data', () => {
    expect(answerItem(live, new Error('prometheus: connection refused'))).toMatchObject({ state: 'unknown', reason: /connection refused/ });
    expect(answerItem(live, status([signal({})], { stale: { since: 500, error: 'prometheus: timeout' } }))).toMatchObject({ state: 'unknown', value: null, reason: /timeout/ });
    expect(answerItem(live, status([signal({ severity: 'unknown', value: null, series: [], reason: 'prometheus: HTTP 503' })], { error: 'prometheus: HTTP 503' }))).toMatchObject({ state: 'unknown', reason: /503/ });
    expect(answerItem(live, status([signal({ severity: 'unknown', value: null, series: [], reason: 'no data: the query returned no series' })]))).toMatchObject({ state: 'unknown' });
    expect(answerItem(live, status([signal({ series: [{ name: 'postgres', value: Number.NaN, severity: 'unknown' }] })]))).toMatchObject({ state: 'unknown' });
    expect(answerItem(live, status([]))).toMatchObject({ state: 'unknown', reason: /no reading/ });
  });

  it('an empty answer the section explains as nothing happened is within thresholds', () => {
    expect(answerItem(live, status([signal({ series: [], value: null, note: 'none: nothing matched, and the exporter is reporting' })]))).toMatchObject({ state: 'green', value: null, reason: /nothing matched/ });
  });
});
