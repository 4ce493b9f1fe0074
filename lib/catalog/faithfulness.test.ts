import { describe, expect, it } from 'vitest';
import { findConflictingWrites } from './faithfulness';
import { loadCatalog } from './load';
import type { Section } from './schema';

const catalog = () => loadCatalog('runbooks');

/** An in-memory copy of the catalog with one step's action edited, to prove a check fails where it must. */
function edited(sectionId: string, stepId: string, edit: (action: NonNullable<Section['resolution'][number]['action']>) => void): Section[] {
  const sections = structuredClone(catalog());
  const action = sections.find((s) => s.id === sectionId)?.resolution.find((s) => s.id === stepId)?.action;
  if (!action) throw new Error(`${sectionId}/${stepId} has no action`);
  edit(action);
  return sections;
}

describe('buttons that write the same key (issue 14.7)', () => {
  it('finds none in the VoiceHive catalog: one value per key, or the same bounded choice', () => {
    expect(findConflictingWrites(catalog())).toEqual([]);
  });

  it('fails for two buttons writing different fixed values to one ConfigMap key (001 writes 100 and 50 to max_connections)', () => {
    const bad = edited('performance', 'increase-connection-pool', (action) => {
      action.values = { max_connections: '50' };
      action.params = {};
    });
    const withDatabaseFixed = structuredClone(bad);
    const database = withDatabaseFixed.find((s) => s.id === 'database')!.resolution.find((s) => s.id === 'increase-connection-pool')!.action!;
    database.values = { max_connections: '100' };
    database.params = {};
    expect(findConflictingWrites(withDatabaseFixed)).toEqual([
      expect.stringMatching(/^configmap voicehive\/database-config key max_connections: database\/increase-connection-pool writes "100" but performance\/increase-connection-pool writes "50"/),
    ]);
  });

  it('fails for a fixed value against a choice, and for two choices with different bounds or defaults', () => {
    const fixedAgainstChoice = edited('performance', 'increase-connection-pool', (action) => {
      action.values = { max_connections: '50' };
      action.params = {};
    });
    expect(findConflictingWrites(fixedAgainstChoice)).toEqual([expect.stringMatching(/writes a choice .* but performance\/increase-connection-pool writes "50"/)]);
    const otherDefault = edited('performance', 'increase-connection-pool', (action) => {
      action.params = { max_connections: { type: 'integer', min: 10, max: 200, default: 50 } };
    });
    expect(findConflictingWrites(otherDefault)).toHaveLength(1);
  });

  it('fails for two set-env buttons writing different values to one variable of one container', () => {
    const sections = structuredClone(catalog());
    const fallback = sections.find((s) => s.id === 'circuit-breakers')!.resolution.find((s) => s.id === 'enable-fallback-mode')!;
    const copy = structuredClone(fallback);
    copy.id = 'disable-fallback-mode';
    copy.action!.values = { FALLBACK_MODE: 'false' };
    sections.find((s) => s.id === 'performance')!.resolution.push(copy);
    expect(findConflictingWrites(sections)).toEqual([expect.stringMatching(/^deployment voicehive\/orchestrator container orchestrator key FALLBACK_MODE: circuit-breakers\/enable-fallback-mode writes "true" but performance\/disable-fallback-mode writes "false"/)]);
  });
});
