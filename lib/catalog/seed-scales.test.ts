import { describe, expect, it } from 'vitest';
import { loadCatalog, loadSeverityTable } from './load';
import { respondWithinMinutes } from '@/lib/severity/respond-within';

/**
 * The severity scales of the seeds that do not use 000's table (config/severity.yaml), as the seeds word them.
 * 003 and 004 number their levels one higher than 000 (their P1 Critical is the console's P0); 002 numbers
 * them like 000 but answers faster. `console` is the level each one means in 000's table.
 */
const seedScales: Record<string, Record<string, { name: string; minutes: number; console: string }>> = {
  '002': { P0: { name: 'Critical', minutes: 5, console: 'P0' }, P1: { name: 'High', minutes: 15, console: 'P1' }, P2: { name: 'Medium', minutes: 60, console: 'P2' }, P3: { name: 'Low', minutes: 240, console: 'P3' } },
  '003': { P1: { name: 'Critical', minutes: 5, console: 'P0' }, P2: { name: 'High', minutes: 15, console: 'P1' }, P3: { name: 'Medium', minutes: 60, console: 'P2' }, P4: { name: 'Low', minutes: 1440, console: 'P3' } },
  '004': { P1: { name: 'Critical', minutes: 5, console: 'P0' }, P2: { name: 'High', minutes: 15, console: 'P1' }, P3: { name: 'Medium', minutes: 60, console: 'P2' }, P4: { name: 'Low', minutes: 240, console: 'P3' } },
};

describe('seed severity scales', () => {
  const rules = loadCatalog('runbooks').flatMap((section) => section.signals.flatMap((signal) => signal.rules.map((rule) => ({ at: `${section.id}/${signal.id} ${rule.description}`, rule }))));

  it('every rule citing 002, 003 or 004 carries that seed\'s classification, and its console level means the same', () => {
    const cited = rules.filter(({ rule }) => rule.seed && rule.seed in seedScales);
    expect(cited.length).toBeGreaterThanOrEqual(9);
    for (const { at, rule } of cited) {
      const scale = seedScales[rule.seed!]!;
      expect(rule.classification, at).toBeDefined();
      const level = scale[rule.classification!.level];
      expect(level, `${at}: ${rule.classification!.level} is not a level of ${rule.seed}`).toBeDefined();
      expect({ name: rule.classification!.name, minutes: rule.classification!.respondWithinMinutes, console: rule.severity }, at).toEqual(level);
    }
  });

  it('rules citing 000 or the metrics contract carry no other classification', () => {
    for (const { at, rule } of rules.filter(({ rule }) => !rule.seed || !(rule.seed in seedScales))) expect(rule.classification, at).toBeUndefined();
  });

  it('a database that is down is P0 with 003\'s 5 minutes; a stricter seed sets the deadline, a laxer one never does', () => {
    const table = loadSeverityTable('config/severity.yaml');
    const pgUp = rules.find(({ at }) => at.startsWith('database/pg-up'))!.rule;
    expect(pgUp.severity).toBe('P0');
    const classification = { seed: '003', ...pgUp.classification! };
    expect(respondWithinMinutes(table, 'P0', { classification })).toBe(5);
    expect(respondWithinMinutes(table, 'P0', null)).toBe(15);
    expect(respondWithinMinutes(table, 'P3', { classification: { seed: '003', level: 'P4', name: 'Low', respondWithinMinutes: 1440 * 2 } })).toBe(1440);
  });
});
