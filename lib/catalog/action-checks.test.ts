import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildParamsSchema } from '@/lib/actions/params';
import { loadCatalog } from './load';
import { bindPmsVendors } from './pms-vendors';
import { checkedSectionSchema, type Section } from './schema';

const rateLimiting = () => parseYaml(fs.readFileSync('runbooks/rate-limiting.yaml', 'utf8')) as { resolution: { id: string; action?: Record<string, unknown> }[] };

function issuesFor(edit: (step: { action?: Record<string, unknown> }) => void): string[] {
  const section = rateLimiting();
  const step = section.resolution.find((s) => s.id === 'whitelist-ip');
  if (!step) throw new Error('rate-limiting has no whitelist-ip step');
  edit(step);
  const result = checkedSectionSchema.safeParse(section);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('catalog checks on Redis and HTTP actions', () => {
  it('accepts the VoiceHive catalog', () => {
    expect(issuesFor(() => {})).toEqual([]);
  });

  it('refuses a key template naming a parameter the action does not declare', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'rate_limit:whitelist:{address}' } }))).toEqual([
      expect.stringMatching(/action\.target\.key: uses \{address\}, which is not one of the action's params/),
    ]);
  });

  it('refuses a redis-set without a bounded TTL', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { values: { value: 'true' } }))).toEqual([expect.stringMatching(/values\.ttlSeconds: must be a whole number of seconds from 1 to 86400/)]);
    expect(issuesFor((step) => Object.assign(step.action!, { values: { value: 'true', ttlSeconds: '604800' } }))).toHaveLength(1);
  });

  it('refuses placeholders a parameter of that type cannot fill, names from the prototype, and odd template shapes', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'rate_limit:whitelist:{ips}' }, params: { ips: { type: 'ip-list' } } }))).toEqual([
      expect.stringMatching(/target\.key: uses \{ips\}, whose type ip-list cannot fill a key/),
    ]);
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'x:{constructor}' } }))).toEqual([expect.stringMatching(/uses \{constructor\}, which is not one of the action's params/)]);
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'rate limit:{ip}' } }))).toEqual([expect.stringMatching(/target\.key: "rate limit:\{ip\}" is not a plain Redis key/)]);
    const http = (target: Record<string, string>, values: Record<string, string> = {}) => (step: { action?: Record<string, unknown> }) => Object.assign(step.action!, { kind: 'http-post', target: { service: 'orchestrator', ...target }, values, params: { ip: { type: 'ipv4-or-ipv6' } } });
    expect(issuesFor(http({ path: '/admin/allow/{ip}' }))).toEqual([expect.stringMatching(/target\.path: uses \{ip\}, whose type ipv4-or-ipv6 cannot fill a path/)]);
    expect(issuesFor(http({ path: 'https://elsewhere.example/x' }))).toEqual([expect.stringMatching(/target\.path: .* is not a plain path/)]);
    expect(issuesFor(http({ path: '/admin/x', statusPath: '/admin/x/state' }))).toEqual([expect.stringMatching(/values: an http-post needs both a statusPath and the values/)]);
    expect(issuesFor(http({ path: '/admin/x' }, { state: 'closed' }))).toEqual([expect.stringMatching(/target\.statusPath: an http-post needs both/)]);
  });

  it('refuses an http-post without a service', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { kind: 'http-post', target: { path: '/admin/x' }, values: {}, params: {} }))).toEqual([expect.stringMatching(/target\.service: is required for http-post/)]);
  });
});

describe('bindPmsVendors', () => {
  const find = (sections: Section[], id: string, step: string) => sections.find((s) => s.id === id)?.resolution.find((s) => s.id === step)?.action;

  it('offers the configured vendors, and only those, wherever a step takes a PMS vendor', () => {
    const bound = bindPmsVendors(loadCatalog('runbooks'), ['apaleo', 'mews']);
    for (const [section, step] of [['pms-connection', 'clear-rate-limit'], ['pms-connection', 'refresh-pms-credentials'], ['rate-limiting', 'clear-vendor-rate-limit']] as const) {
      const action = find(bound, section, step);
      expect(action?.params.vendor).toEqual({ type: 'enum', values: ['apaleo', 'mews'] });
      expect(buildParamsSchema(action!).safeParse({ vendor: 'opera' }).success).toBe(false);
      expect(buildParamsSchema(action!).safeParse({ vendor: 'mews' }).success).toBe(true);
    }
  });

  it('accepts no vendor at all while none is configured', () => {
    const action = find(bindPmsVendors(loadCatalog('runbooks'), []), 'pms-connection', 'clear-rate-limit');
    const result = buildParamsSchema(action!).safeParse({ vendor: 'apaleo' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/no PMS vendors are configured/);
  });
});
