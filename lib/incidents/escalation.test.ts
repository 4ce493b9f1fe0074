import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIncidentConfig } from './config';
import { describeEscalation, nextUpdateDue } from './escalation';

const config = loadIncidentConfig(path.resolve(__dirname, '../../config/incidents.yaml'));
const T = Date.UTC(2026, 11, 3, 10, 0);
const MIN = 60_000;

describe('escalation timing (fixed clock)', () => {
  it('a P0 has the on-call engineer engaged and the team lead due 15 minutes after declaring', () => {
    const p0 = { escalationLevel: 0, severity: 'P0' as const, declaredAt: T };
    expect(describeEscalation(p0, config.escalation, T + 14 * MIN)).toEqual({ engaged: { id: 'on-call', name: 'On-call engineer' }, next: { level: 1, id: 'team-lead', name: 'Senior engineer / team lead', dueAt: T + 15 * MIN, overdue: false } });
    expect(describeEscalation(p0, config.escalation, T + 15 * MIN).next).toMatchObject({ overdue: true });
    expect(describeEscalation({ ...p0, escalationLevel: 2 }, config.escalation, T).next).toMatchObject({ id: 'cto', dueAt: T + 60 * MIN });
    expect(describeEscalation({ ...p0, escalationLevel: 3 }, config.escalation, T).next).toBeNull();
  });

  it('a level without a time for the severity is never due by itself', () => {
    expect(describeEscalation({ escalationLevel: 2, severity: 'P3', declaredAt: T }, config.escalation, T + 100 * 24 * 60 * MIN).next).toMatchObject({ id: 'cto', dueAt: null, overdue: false });
  });

  it('the next update follows the cadence of the severity, from the last update sent', () => {
    expect(nextUpdateDue({ severity: 'P0', declaredAt: T, lastUpdateAt: null }, config.updateCadenceMinutes)).toBe(T + 30 * MIN);
    expect(nextUpdateDue({ severity: 'P1', declaredAt: T, lastUpdateAt: T + 10 * MIN }, config.updateCadenceMinutes)).toBe(T + 70 * MIN);
  });
});
