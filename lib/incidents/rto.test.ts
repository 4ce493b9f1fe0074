import { describe, expect, it } from 'vitest';
import { computeRtoClock } from './rto';

const H = 3_600_000;
const backups = { id: 'backups', recoveryTimeObjective: { minutes: 240, source: '000 Disaster Recovery: RTO 4 hours' } };
const incident = (over: Partial<{ sections: string[]; startedAt: number | null; declaredAt: number; resolvedAt: number | null }> = {}) => ({ sections: ['backups', 'database'], startedAt: null, declaredAt: 10 * H, resolvedAt: null, ...over });

describe('computeRtoClock', () => {
  it('is absent for an incident none of whose sections has a recovery time objective', () => {
    expect(computeRtoClock(incident({ sections: ['database'] }), [backups, { id: 'database' }])).toBeNull();
  });
  it('runs from the outage start (before the declaration) for 4 hours while the incident is not resolved', () => {
    expect(computeRtoClock(incident({ startedAt: 9 * H }), [backups])).toMatchObject({ from: 9 * H, deadline: 13 * H, state: 'running', stoppedAt: null, source: expect.stringContaining('000') });
  });
  it('starts at the declaration when no start is known, and stops when service is restored: met or missed', () => {
    expect(computeRtoClock(incident({ resolvedAt: 13 * H }), [backups])).toMatchObject({ from: 10 * H, state: 'met', stoppedAt: 13 * H });
    expect(computeRtoClock(incident({ resolvedAt: 14 * H + 1 }), [backups])).toMatchObject({ state: 'missed' });
  });
  it('takes the strictest objective when several sections have one', () => {
    expect(computeRtoClock(incident({ sections: ['backups', 'x'] }), [backups, { id: 'x', recoveryTimeObjective: { minutes: 60, source: 's' } }])).toMatchObject({ section: 'x', minutes: 60 });
  });
});
