import { describe, expect, it } from 'vitest';
import { allowedNextStatuses, checkTransition, incidentStatuses } from './lifecycle';

describe('incident lifecycle', () => {
  it('follows triage → investigating → identified → monitoring → resolved → closed with a commander', () => {
    const path = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
    for (let i = 1; i < path.length; i += 1) expect(checkTransition(path[i - 1]!, path[i]!, { commander: 'ic', sectionsOk: true, postmortemDone: true })).toBeNull();
  });

  it('needs a commander from investigating on', () => {
    expect(checkTransition('triage', 'investigating', { commander: null })).toMatch(/commander/);
    expect(checkTransition('triage', 'declined', { commander: null })).toBeNull();
  });

  it('refuses moves that skip or leave a final status', () => {
    expect(checkTransition('triage', 'resolved', { commander: 'ic' })).toMatch(/cannot go from triage to resolved/);
    for (const final of ['closed', 'declined', 'merged'] as const) {
      expect(allowedNextStatuses(final)).toEqual([]);
      for (const to of incidentStatuses) expect(checkTransition(final, to, { commander: 'ic', postmortemDone: true })).not.toBeNull();
    }
  });

  it('resolving with a section still firing needs a reason; closing needs the post-mortem or a waiver', () => {
    expect(checkTransition('monitoring', 'resolved', { commander: 'ic', sectionsOk: false })).toMatch(/reason/);
    expect(checkTransition('monitoring', 'resolved', { commander: 'ic', sectionsOk: false, reason: 'flapping exporter' })).toBeNull();
    expect(checkTransition('resolved', 'closed', { commander: 'ic', postmortemDone: false })).toMatch(/post-mortem/);
    expect(checkTransition('triage', 'merged', { commander: null })).toMatch(/merged into/);
  });
});
