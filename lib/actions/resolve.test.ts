import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { loadCatalog } from '@/lib/catalog/load';
import { needsApproval, needsReason, resolveAction } from './resolve';

const sections = new Map(loadCatalog(path.resolve(__dirname, '../../runbooks')).map((s) => [s.id, s]));

function errorOf(run: () => unknown): Pick<ApiError, 'code' | 'field' | 'message'> | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  return undefined;
}

describe('resolveAction', () => {
  it('finds the step, applies default parameters, and takes the target from the catalog', () => {
    const resolved = resolveAction(sections, 'call-failures', 'scale-orchestrator', {});
    expect(resolved.params).toEqual({ replicas: 5 });
    expect(resolved.target).toEqual({ namespace: 'voicehive', resource: 'deployment', name: 'orchestrator' });
  });

  it('fills a templated target from an allowlisted parameter only', () => {
    expect(resolveAction(sections, 'error-rate', 'emergency-rollback', { deployment: 'connectors' }).target.name).toBe('connectors');
    expect(errorOf(() => resolveAction(sections, 'error-rate', 'emergency-rollback', { deployment: 'kube-apiserver' }))).toMatchObject({ code: 'bad-request', field: 'params.deployment' });
    expect(errorOf(() => resolveAction(sections, 'error-rate', 'emergency-rollback', {}))).toMatchObject({ code: 'bad-request', field: 'params.deployment' });
  });

  it('names what is wrong: unknown section, unknown step, a manual step, a bad parameter', () => {
    expect(errorOf(() => resolveAction(sections, 'nope', 'x', {}))).toMatchObject({ code: 'not-found', field: 'section' });
    expect(errorOf(() => resolveAction(sections, 'call-failures', 'nope', {}))).toMatchObject({ code: 'not-found', field: 'step' });
    expect(errorOf(() => resolveAction(sections, 'call-failures', 'check-twilio-sip-trunk', {}))).toMatchObject({ code: 'bad-request', field: 'step' });
    expect(errorOf(() => resolveAction(sections, 'call-failures', 'scale-orchestrator', { replicas: 50 }))).toMatchObject({ code: 'bad-request', field: 'params.replicas', message: 'params.replicas: must be at most 10' });
  });
});

describe('approval and reason policy', () => {
  it('asks a second person for every scaling, and a reason for scaling or a P0/P1 section', () => {
    const scale = resolveAction(sections, 'call-failures', 'scale-orchestrator', {}).action;
    const restart = resolveAction(sections, 'call-failures', 'restart-media-agents', {}).action;
    expect(needsApproval(scale)).toBe(true);
    expect(needsApproval(restart)).toBe(false);
    expect(needsReason(scale, 'ok')).toBe(true);
    expect(needsReason(restart, 'P1')).toBe(true);
    expect(needsReason(restart, 'P2')).toBe(false);
  });
});
