import { describe, expect, it } from 'vitest';
import { computeDurations, computeMilestones, type MilestoneEvidence } from './milestones';
import { emptyPostmortem, type Incident } from './types';

const T = Date.UTC(2026, 11, 3, 10, 0);
const MIN = 60_000;
const incident: Incident = {
  id: 'INC-2026-1', title: 'Calls failing', summary: '', severity: 'P1', status: 'monitoring', mergedInto: null, sections: ['call-failures'], alerts: [],
  roles: { commander: 'olga', communications_lead: null, scribe: null }, declaredBy: 'olga', declaredAt: T + 5 * MIN, startedAt: T, startedEvidence: { section: 'call-failures', rule: 'call success rate < 95 %', value: 0.6, threshold: 0.95, source: 'call success rate < 95 % since 10:00 (Prometheus)' },
  resolvedAt: null, closedAt: null, escalationLevel: 0, lastUpdateAt: null, milestoneCorrections: {}, postmortem: emptyPostmortem(), dismissedProposal: null, version: 3, updatedAt: T,
};
const evidence = (overrides: Partial<MilestoneEvidence> = {}): MilestoneEvidence => ({
  incident,
  transitions: [{ section: 'call-failures', at: T + MIN, from: 'ok', to: 'P1' }, { section: 'call-failures', at: T + 20 * MIN, from: 'P1', to: 'ok' }],
  verdicts: [{ section: 'call-failures', runId: 'run-123456789', title: 'Restart media agents', state: 'recovered', at: T + 18 * MIN }],
  firstCommanderAt: T + 6 * MIN,
  resolvedHoldMs: 10 * MIN,
  now: T + 40 * MIN,
  ...overrides,
});

describe('incident milestones', () => {
  it('come from evidence, each with its source', () => {
    const byId = Object.fromEntries(computeMilestones(evidence()).map((m) => [m.id, m]));
    expect(byId.started).toMatchObject({ at: T, source: /Prometheus/ });
    expect(byId.detected).toMatchObject({ at: T + MIN, source: /recorder/ });
    expect(byId.acknowledged).toMatchObject({ at: T + 6 * MIN });
    expect(byId.mitigated).toMatchObject({ at: T + 18 * MIN, source: /Restart media agents/ });
    expect(byId.resolved).toMatchObject({ at: T + 20 * MIN, source: /stayed ok for 10 min/ });
    expect(byId.closed).toMatchObject({ at: null });
    expect(computeDurations(computeMilestones(evidence()))).toEqual({ detect: MIN, acknowledge: 5 * MIN, mitigate: 18 * MIN, resolve: 20 * MIN });
  });

  it('an earlier breach that had already recovered is another episode: started, detected and mitigated come from the one declared for', () => {
    const declaredLater = { ...incident, startedAt: null, startedEvidence: null, declaredAt: T + 30 * MIN };
    const byId = Object.fromEntries(
      computeMilestones(
        evidence({
          incident: declaredLater,
          // 10:01 P1, a restart recovers it at 10:03, ok at 10:04; a new breach at 10:28, declared at 10:30.
          transitions: [
            { section: 'call-failures', at: T + MIN, from: 'ok', to: 'P1' },
            { section: 'call-failures', at: T + 4 * MIN, from: 'P1', to: 'ok' },
            { section: 'call-failures', at: T + 28 * MIN, from: 'ok', to: 'P1' },
          ],
          verdicts: [{ section: 'call-failures', runId: 'run-earlier-1', title: 'Restart media agents', state: 'recovered', at: T + 3 * MIN }],
          firstCommanderAt: T + 31 * MIN,
        }),
      ).map((m) => [m.id, m]),
    );
    expect(byId.started).toMatchObject({ at: T + 28 * MIN, source: /recorder/ });
    expect(byId.detected).toMatchObject({ at: T + 28 * MIN });
    expect(byId.mitigated).toMatchObject({ at: null, source: 'not yet' });
  });

  it('resolved waits for the hold time; mitigated falls back to the section back at ok', () => {
    const byId = Object.fromEntries(computeMilestones(evidence({ now: T + 25 * MIN, verdicts: [] })).map((m) => [m.id, m]));
    expect(byId.resolved!.at).toBeNull();
    expect(byId.mitigated).toMatchObject({ at: T + 20 * MIN, source: /back to ok/ });
  });

  it('a correction replaces the computed time and keeps it, with who and why', () => {
    const corrected = { ...incident, milestoneCorrections: { detected: { at: T + 30_000, reason: 'customer call came first', by: 'ivan', correctedAt: T } } };
    const detected = computeMilestones(evidence({ incident: corrected })).find((m) => m.id === 'detected')!;
    expect(detected).toEqual({ id: 'detected', at: T + 30_000, source: 'corrected by ivan: customer call came first', corrected: { reason: 'customer call came first', by: 'ivan', computedAt: T + MIN } });
  });
});

describe('the started milestone', () => {
  it('is the earlier of the breach read back from Prometheus and the first bad reading the recorder made', () => {
    const started = (transitionAt: number) => computeMilestones(evidence({ transitions: [{ section: 'call-failures', at: transitionAt, from: 'ok', to: 'P1' }] })).find((m) => m.id === 'started')!;
    expect(started(T + MIN)).toMatchObject({ at: T, source: /Prometheus/ });
    expect(started(T - MIN)).toMatchObject({ at: T - MIN, source: /recorder/ });
  });
});
