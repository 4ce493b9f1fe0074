import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import { buildParamsSchema } from './params';

const scale = actionSchema.parse({ kind: 'scale', target: { namespace: 'voicehive', resource: 'deployment', name: 'orchestrator' }, params: { replicas: { type: 'integer', min: 1, max: 10, default: 5 } }, approval: true });
const reset = actionSchema.parse({ kind: 'http-post', target: { service: 'orchestrator', path: '/admin/circuit-breakers/{name}/reset' }, params: { name: { type: 'enum', values: ['pms_connector', 'tts', 'llm'] } } });
const allow = actionSchema.parse({ kind: 'redis-set', target: { key: 'rate_limit:whitelist:{ip}' }, params: { ip: { type: 'ipv4-or-ipv6' } } });

describe('buildParamsSchema', () => {
  it('applies defaults and bounds', () => {
    expect(buildParamsSchema(scale).parse({})).toEqual({ replicas: 5 });
    expect(buildParamsSchema(scale).parse({ replicas: 10 })).toEqual({ replicas: 10 });
    expect(buildParamsSchema(scale).safeParse({ replicas: 11 }).error?.issues[0]).toMatchObject({ path: ['replicas'], message: 'must be at most 10' });
    expect(buildParamsSchema(scale).safeParse({ replicas: 2.5 }).error?.issues[0]?.message).toBe('must be a whole number');
    expect(buildParamsSchema(scale).safeParse({ replicas: '5' }).success).toBe(false);
  });

  it('refuses anything the catalog did not declare (no target, key or path from the browser)', () => {
    expect(buildParamsSchema(scale).safeParse({ replicas: 3, name: 'other-deployment' }).success).toBe(false);
    expect(buildParamsSchema(reset).safeParse({ name: 'tts', path: '/admin/anything' }).success).toBe(false);
  });

  it('takes names from an allowlist and addresses only when they are addresses', () => {
    expect(buildParamsSchema(reset).parse({ name: 'tts' })).toEqual({ name: 'tts' });
    expect(buildParamsSchema(reset).safeParse({ name: '../../etc' }).error?.issues[0]?.message).toBe('must be one of pms_connector, tts, llm');
    expect(buildParamsSchema(allow).parse({ ip: '2001:db8::1' })).toEqual({ ip: '2001:db8::1' });
    expect(buildParamsSchema(allow).safeParse({ ip: '10.0.0.1; FLUSHALL' }).success).toBe(false);
  });

  it('writes one address one way, so the key is the one the service looks up', () => {
    for (const written of ['2001:DB8:0::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1']) expect(buildParamsSchema(allow).parse({ ip: written })).toEqual({ ip: '2001:db8::1' });
    expect(buildParamsSchema(allow).parse({ ip: '0:0:0:0:0:0:0:1' })).toEqual({ ip: '::1' });
    expect(buildParamsSchema(allow).parse({ ip: '203.0.113.9' })).toEqual({ ip: '203.0.113.9' });
  });
});
