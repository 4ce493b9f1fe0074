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
});
