import { describe, expect, it } from 'vitest';
import { judgeOverview, judgeRules, type OverviewAnswer, type RulesAnswer } from './judge';

const ok = (id: string) => ({ id, severity: 'ok', error: null, stale: null, signals: [{ id: 'rate', severity: 'ok', reason: null }] });

describe('judgeOverview (npm run demo -- --check)', () => {
  it('passes when every catalog section is listed once and ok', () => {
    expect(judgeOverview(['redis', 'dns'], { sections: [ok('dns'), ok('redis')] })).toEqual([]);
  });

  it('names a section still unknown, with the signal and its reason', () => {
    const answer: OverviewAnswer = {
      sections: [ok('dns'), { id: 'redis', severity: 'unknown', error: null, signals: [{ id: 'memory', severity: 'unknown', reason: 'no data: the query returned no series' }] }],
    };
    expect(judgeOverview(['redis', 'dns'], answer)).toEqual(['1 of 2 sections not ok: redis is unknown [memory unknown (no data: the query returned no series)]']);
  });

  it('does not accept a firing level or an upstream error in the healthy demo', () => {
    const answer: OverviewAnswer = {
      sections: [
        { id: 'dns', severity: 'P1', signals: [{ id: 'errors', severity: 'P1' }] },
        { id: 'redis', severity: 'unknown', error: 'Prometheus: connection refused', signals: [] },
      ],
    };
    expect(judgeOverview(['redis', 'dns'], answer)).toEqual(['2 of 2 sections not ok: dns is P1 [errors P1] | redis is unknown: Prometheus: connection refused']);
  });

  it('names missing, unexpected and repeated sections', () => {
    const problems = judgeOverview(['redis', 'dns', 'disk'], { sections: [ok('redis'), ok('redis'), ok('queue')] });
    expect(problems).toEqual(['missing sections: dns, disk', 'sections not in the catalog: queue', 'sections listed twice: redis']);
  });

  it('fails an empty overview', () => {
    expect(judgeOverview(['redis'], { sections: [] })).toEqual(['missing sections: redis']);
  });
});

const rules = (...list: { name: string; health?: string; lastError?: string }[]): RulesAnswer => ({
  status: 'success',
  data: { groups: [{ name: 'voicehive-x', rules: list.map((r) => ({ type: 'alerting', ...r })) }] },
});

describe('judgeRules (npm run demo -- --check)', () => {
  it('passes when every catalog alert is loaded and evaluated', () => {
    expect(judgeRules(['A', 'B'], rules({ name: 'A', health: 'ok' }, { name: 'B', health: 'ok' }, { name: 'Other', health: 'ok' }))).toEqual([]);
  });

  it('names the alerts Prometheus does not have', () => {
    expect(judgeRules(['A', 'B', 'C'], rules({ name: 'A', health: 'ok' }))).toEqual(['2 of 3 catalog alerts not loaded: B, C']);
  });

  it('names a rule that fails to evaluate, with its error', () => {
    expect(judgeRules(['A'], rules({ name: 'A', health: 'err', lastError: 'bad_data: parse error' }))).toEqual(['alert rules failing to evaluate: A: bad_data: parse error']);
  });

  it('counts a rule not evaluated yet as open, so the check waits for it', () => {
    expect(judgeRules(['A'], rules({ name: 'A', health: 'unknown' }))).toEqual(['alert rules not evaluated yet: A']);
  });

  it('fails an answer that is not a rules list', () => {
    expect(judgeRules(['A'], { status: 'error' })).toEqual(['Prometheus answered /api/v1/rules with status error']);
  });
});
