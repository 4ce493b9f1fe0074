import { describe, expect, it } from 'vitest';
import { findConflictingWrites, findHostCommandsShown } from './faithfulness';
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

describe('commands from another deployment (issue 14.9)', () => {
  it('shows none in the VoiceHive catalog without its Kubernetes equivalent first', () => {
    expect(findHostCommandsShown(catalog())).toEqual([]);
  });

  it('keeps the seed\'s docker-compose commands, marked with their runbook, below a kubectl equivalent (Redis and queue backlog)', () => {
    const sections = catalog();
    for (const id of ['redis', 'queue-backlog']) {
      const section = sections.find((s) => s.id === id)!;
      const entries = [...section.diagnosis, ...section.resolution].filter((e) => e.seedCommand);
      expect(entries.length, id).toBeGreaterThanOrEqual(5);
      for (const entry of entries) {
        expect(entry.command).toMatch(/^kubectl .*-n voicehive|\bkubectl\b[^\n]*-n voicehive/);
        expect(entry.seedCommand).toMatchObject({ runbook: '003', command: expect.stringMatching(/docker-compose/) });
      }
    }
  });

  it.each([
    ['docker-compose', 'docker-compose exec redis redis-cli ping', /shows docker-compose without a Kubernetes equivalent/],
    ['docker', 'docker stats --no-stream', /shows docker without/],
    ['systemctl', 'sudo systemctl restart networking', /shows a host service command without/],
    ['a host file', 'grep ERROR logs/voice_ai_agent.log | tail -50', /shows a file on the host's disk without/],
    ['a host port', 'curl -f http://localhost:8000/health', /shows a port on the host \(localhost\) without/],
    ['a host process listing', 'ps aux --sort=-%mem | head -10', /shows a process or disk listing on the host without/],
  ])('fails for %s shown as the command to run', (_name, command, message) => {
    const sections = structuredClone(catalog());
    const item = sections.find((s) => s.id === 'redis')!.diagnosis[0]!;
    item.command = command;
    delete item.seedCommand;
    expect(findHostCommandsShown(sections)).toEqual([expect.stringMatching(new RegExp(`^redis diagnosis 0 \\(Check Redis status\\): ${message.source}`))]);
  });

  it('fails for a seed command kept with no command of this estate before it', () => {
    const sections = structuredClone(catalog());
    const item = sections.find((s) => s.id === 'redis')!.diagnosis[0]!;
    item.command = 'redis-cli ping';
    expect(findHostCommandsShown(sections)).toEqual([expect.stringMatching(/the command shown before the seed's is not a kubectl command/)]);
    delete item.command;
    expect(findHostCommandsShown(sections)).toEqual([expect.stringMatching(/keeps the seed's command but shows no command of this estate/)]);
  });

  it('accepts localhost inside a pod (kubectl exec … curl localhost)', () => {
    const sections = structuredClone(catalog());
    sections.find((s) => s.id === 'redis')!.diagnosis[0]!.command = 'kubectl exec -n voicehive deployment/orchestrator -- curl -s http://localhost:8000/metrics';
    expect(findHostCommandsShown(sections)).toEqual([]);
  });
});
