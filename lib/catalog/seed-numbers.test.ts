import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './load';
import { checkedSectionSchema, type Section } from './schema';
import { findSeedNumberProblems, thresholdForms } from './seed-numbers';

// shared/ sits beside the repository (in CI too); missing seeds fail the test, they are not skipped.
const seedDir = path.resolve(__dirname, '../../../shared/seeds');
function readSeeds(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const name of fs.readdirSync(seedDir)) {
    const [, id] = /^(\d{3})_.*\.txt$/.exec(name) ?? [];
    if (id) texts[id] = fs.readFileSync(path.join(seedDir, name), 'utf8');
  }
  return texts;
}

const section = (signals: unknown[]): Section =>
  checkedSectionSchema.parse({
    id: 'x', title: 'X', area: 'X', summary: 'x', sources: ['000'], symptoms: ['x'], keySignal: 'a', signals,
    resolution: [{ id: 'r', title: 'r' }], escalation: ['on-call'],
  });

describe('seed numbers', () => {
  it('every rule citing a seed has its number in that seed (the others cite the metrics contract)', () => {
    const seeds = readSeeds();
    expect(Object.keys(seeds).sort()).toEqual(['000', '001', '002', '003', '004']);
    expect(findSeedNumberProblems(loadCatalog('runbooks'), seeds)).toEqual([]);
  });

  it('fails a rule whose seed lacks its threshold or its duration', () => {
    const seeds = { '001': 'Alert if the error rate is above 5% for 15 minutes. Latency > 2.0s.' };
    const bad = section([
      { id: 'a', name: 'A', query: 'voicehive_x', unit: 'ratio', rules: [{ severity: 'P2', op: '>', threshold: 0.1, description: '> 10 %', seed: '001' }] },
      { id: 'b', name: 'B', query: 'voicehive_x', unit: 'ratio', rules: [{ severity: 'P2', op: '>', threshold: 0.05, for: '10m', description: '> 5 % for 10 min', seed: '001' }] },
      { id: 'c', name: 'C', query: 'voicehive_x', unit: 'seconds', rules: [{ severity: 'P2', op: '>', threshold: 2, description: '> 2 s', seed: '001' }] },
      { id: 'd', name: 'D', query: 'voicehive_x', unit: 'count', rules: [{ severity: 'P2', op: '>', threshold: 1000, description: '> 1000', seed: '009' }] },
      { id: 'e', name: 'E', query: 'voicehive_x', unit: 'boolean', rules: [{ severity: 'P1', op: '==', threshold: 0, description: 'down', seed: '001' }] },
    ]);
    expect(findSeedNumberProblems([bad], seeds).map((p) => `${p.signal}: ${p.missing}`)).toEqual([
      'a: threshold 0.1 (ratio)',
      'b: duration 10m',
      'd: seed 009 does not exist',
    ]);
  });

  it('matches a number the ways a runbook writes it, never inside a longer number', () => {
    const has = (text: string, threshold: number, unit: Parameters<typeof thresholdForms>[1]) =>
      thresholdForms(threshold, unit).some((f) => new RegExp(`(?<![\\d.,])${f}`, 'i').test(text));
    expect(has('Error rate > 10%', 0.1, 'ratio')).toBe(true);
    expect(has('Error rate > 10 %', 0.1, 'ratio')).toBe(true);
    expect(has('Error rate > 110%', 0.1, 'ratio')).toBe(false);
    expect(has('P95 latency > 500ms', 0.5, 'seconds')).toBe(true);
    expect(has('Alert > 2.0s', 2, 'seconds')).toBe(true);
    expect(has('RPO: 1 hour', 3600, 'timestamp-age')).toBe(true);
    expect(has('RTO: 4 hours', 14400, 'timestamp-age')).toBe(true);
    expect(has('older than 5 minutes', 300, 'seconds')).toBe(true);
    expect(has('failures > 10/s', 10, 'per-second')).toBe(true);
    expect(has('more than 1,000 messages', 1000, 'count')).toBe(true);
    expect(has('10000 messages', 1000, 'count')).toBe(false);
  });
});
