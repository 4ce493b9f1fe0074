import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import { describeActionTarget, describeComingAction } from './describe-action';

describe('describeComingAction', () => {
  it('names the kind, the target, the role and the second approver', () => {
    const action = actionSchema.parse({
      kind: 'rollout-restart',
      target: { namespace: 'voicehive', resource: 'deployment', name: 'media-agent' },
      role: 'operator',
      approval: true,
    });
    expect(describeComingAction(action)).toBe(
      'Button coming: rollout-restart on deployment/media-agent in voicehive; requires operator, approval by a second person',
    );
  });

  it('leaves out approval when none is needed and the default role applies', () => {
    const action = actionSchema.parse({ kind: 'redis-del', target: { key: 'rate_limit:*' } });
    expect(describeComingAction(action)).toBe('Button coming: redis-del on Redis key rate_limit:*; requires operator');
  });
});

describe('describeActionTarget', () => {
  it('describes selectors, containers and service paths', () => {
    expect(describeActionTarget({ selector: 'app=orchestrator', namespace: 'voicehive' })).toBe('pods app=orchestrator in voicehive');
    expect(describeActionTarget({ service: 'orchestrator', path: '/admin/circuit-breakers/reset' })).toBe('orchestrator /admin/circuit-breakers/reset');
    expect(describeActionTarget({})).toBe('its configured target');
  });
});
