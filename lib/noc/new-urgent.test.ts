import { describe, expect, it } from 'vitest';
import { collectUrgent, findNewUrgent } from './new-urgent';

const urgent = (entries: Record<string, 'P0' | 'P1' | 'P2' | 'P3' | 'ok' | 'unknown'>) => collectUrgent(Object.entries(entries).map(([id, severity]) => ({ id, severity })));

describe('findNewUrgent', () => {
  it('never alerts on the first answer, even during an incident', () => {
    expect(findNewUrgent(null, urgent({ pms: 'P1', db: 'P0' }))).toEqual([]);
  });

  it('alerts on a section that turns P0 or P1, or goes from P1 to P0', () => {
    const before = urgent({ pms: 'P1', dns: 'P2', disk: 'ok' });
    expect(findNewUrgent(before, urgent({ pms: 'P1', dns: 'P1', disk: 'P0' }))).toEqual([
      { id: 'disk', severity: 'P0' },
      { id: 'dns', severity: 'P1' },
    ]);
    expect(findNewUrgent(before, urgent({ pms: 'P0' }))).toEqual([{ id: 'pms', severity: 'P0' }]);
  });

  it('stays quiet when nothing new is urgent: same levels, an improvement, or P2/P3/unknown', () => {
    const before = urgent({ pms: 'P0', db: 'P1' });
    expect(findNewUrgent(before, urgent({ pms: 'P0', db: 'P1' }))).toEqual([]);
    expect(findNewUrgent(before, urgent({ pms: 'P1', db: 'ok' }))).toEqual([]);
    expect(findNewUrgent(before, urgent({ pms: 'P0', db: 'P1', dns: 'P2', disk: 'P3', redis: 'unknown' }))).toEqual([]);
  });

  it('does not take a section back from unknown (one failed read) as new: it keeps its level meanwhile', () => {
    const p1 = collectUrgent([{ id: 'pms', severity: 'P1' }]);
    const blip = collectUrgent([{ id: 'pms', severity: 'unknown' }], p1);
    expect(blip.get('pms')).toBe('P1');
    expect(findNewUrgent(p1, blip)).toEqual([]);
    const back = collectUrgent([{ id: 'pms', severity: 'P1' }], blip);
    expect(findNewUrgent(blip, back)).toEqual([]);
    // Several failed reads in a row change nothing either; P0 after the blip is still news.
    const longer = collectUrgent([{ id: 'pms', severity: 'unknown' }], blip);
    expect(findNewUrgent(longer, collectUrgent([{ id: 'pms', severity: 'P0' }], longer))).toEqual([{ id: 'pms', severity: 'P0' }]);
  });

  it('carries over only an urgent level: unknown after ok, P2 or nothing stays out, and ok really ends it', () => {
    const before = collectUrgent([{ id: 'pms', severity: 'P1' }, { id: 'dns', severity: 'P2' }]);
    const now = collectUrgent([{ id: 'pms', severity: 'ok' }, { id: 'dns', severity: 'unknown' }, { id: 'disk', severity: 'unknown' }], before);
    expect([...now]).toEqual([]);
    expect(findNewUrgent(now, collectUrgent([{ id: 'pms', severity: 'P1' }], now))).toEqual([{ id: 'pms', severity: 'P1' }]);
  });

  it('does not sound for a section in a maintenance window (issue 19); a P0 still there when the window ends is news', () => {
    const before = collectUrgent([{ id: 'redis', severity: 'ok' }]);
    const inWindow = collectUrgent([{ id: 'redis', severity: 'P0', maintenance: { id: 'MW-1', until: 1, reason: 'failover', by: 'olivia' } }], before);
    expect(findNewUrgent(before, inWindow)).toEqual([]);
    expect(findNewUrgent(inWindow, collectUrgent([{ id: 'redis', severity: 'P0', maintenance: null }], inWindow))).toEqual([{ id: 'redis', severity: 'P0' }]);
  });
});
