import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector, supportedFields } from './selectors';
import { KubeError } from './status';

const pods = {
  orchestrator: { app: 'orchestrator', tier: 'api' },
  media: { app: 'media-agent', tier: 'voice' },
  redis: { app: 'redis' },
  bare: {},
};
const select = (selector: string) =>
  Object.entries(pods)
    .filter(([, labels]) => parseLabelSelector(selector)(labels))
    .map(([name]) => name);

describe('label selectors', () => {
  it.each([
    ['app=orchestrator', ['orchestrator']],
    ['app==orchestrator', ['orchestrator']],
    ['app!=orchestrator', ['media', 'redis', 'bare']],
    ['app in (media-agent,redis)', ['media', 'redis']],
    ['app in (media-agent, redis)', ['media', 'redis']],
    ['app notin (media-agent,redis)', ['orchestrator', 'bare']],
    ['tier', ['orchestrator', 'media']],
    ['!tier', ['redis', 'bare']],
    ['app in (orchestrator,media-agent),tier=voice', ['media']],
    ['app, !tier', ['redis']],
    ['', ['orchestrator', 'media', 'redis', 'bare']],
  ])('%j selects %j', (selector, expected) => {
    expect(select(selector)).toEqual(expected);
  });

  it.each(['app in (a', 'app=(x)', 'a b c', ',', 'app in ()x'])('refuses %j with a 400', (selector) => {
    let error: unknown;
    try {
      parseLabelSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});

describe('field selectors', () => {
  const event = { type: 'Warning', reason: 'BackOff', involvedObject: { kind: 'Pod', name: 'media-agent-x' }, source: { component: 'kubelet' } };

  it('matches =, == and != on supported fields, comma as AND', () => {
    const match = (s: string) => parseFieldSelector(s, supportedFields.events!)(event);
    expect(match('type=Warning')).toBe(true);
    expect(match('type==Warning,involvedObject.name=media-agent-x')).toBe(true);
    expect(match('type=Warning,involvedObject.name=other')).toBe(false);
    expect(match('type!=Normal')).toBe(true);
    expect(match('source=kubelet')).toBe(true);
  });

  it('refuses a field the resource does not index', () => {
    expect(() => parseFieldSelector('spec.foo=1', supportedFields.pods!)).toThrowError(/field label not supported: spec.foo/);
  });
});
