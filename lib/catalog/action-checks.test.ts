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
      expect.stringMatching(/action\.params\.ip: is never used/),
    ]);
  });

  it('refuses belowCurrent on a parameter that is not a set-env variable\'s whole value (issue 14.11)', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { values: { value: '{n}', ttlSeconds: '60' }, params: { ip: { type: 'ipv4-or-ipv6' }, n: { type: 'integer', min: 1, max: 9, belowCurrent: true } } }))).toEqual([
      expect.stringMatching(/action\.params\.n\.belowCurrent: applies only to a set-env parameter that is a variable's whole value/),
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
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'x:{constructor}' } }))).toEqual([expect.stringMatching(/uses \{constructor\}, which is not one of the action's params/), expect.stringMatching(/params\.ip: is never used/)]);
    expect(issuesFor((step) => Object.assign(step.action!, { target: { key: 'rate limit:{ip}' } }))).toEqual([expect.stringMatching(/target\.key: "rate limit:\{ip\}" is not a plain Redis key/)]);
    const http = (target: Record<string, string>, values: Record<string, string> = { state: 'closed' }) => (step: { action?: Record<string, unknown> }) =>
      Object.assign(step.action!, { kind: 'http-post', target: { service: 'orchestrator', statusPath: '/admin/x', ...target }, values, params: { ip: { type: 'ipv4-or-ipv6' } } });
    expect(issuesFor(http({ path: '/admin/allow/{ip}' }))).toEqual([expect.stringMatching(/target\.path: uses \{ip\}, whose type ipv4-or-ipv6 cannot fill a path/)]);
    expect(issuesFor(http({ path: 'https://elsewhere.example/x' }))).toEqual([expect.stringMatching(/target\.path: .* is not a plain path/), expect.stringMatching(/params\.ip: is never used/)]);
    // Every change is read back: without a status endpoint and the values it must report, nothing could be.
    expect(issuesFor(http({ path: '/admin/{ip}/x', statusPath: '/admin/x/state' }, {}))).toEqual([expect.stringMatching(/target\.path: uses \{ip\}/), expect.stringMatching(/values: an http-post needs the values its statusPath should report/)]);
    const withoutStatus = (step: { action?: Record<string, unknown> }) => Object.assign(step.action!, { kind: 'http-post', target: { service: 'orchestrator', path: '/admin/x' }, values: { state: 'closed' }, params: {} });
    expect(issuesFor(withoutStatus)).toEqual([expect.stringMatching(/target\.statusPath: an http-post needs a statusPath and the values it should report/)]);
  });

  // Issue 12.1: a parameter a person fills in must reach the change (a placeholder in the target or the values).
  it('refuses a parameter that reaches neither the target nor the values (it would be asked for, checked, and ignored)', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { params: { ip: { type: 'ipv4-or-ipv6' }, note: { type: 'numeric-id' } } }))).toEqual([
      expect.stringMatching(/action\.params\.note: is never used: put \{note\} in the target or the values, or remove it/),
    ]);
  });

  it('accepts a list of addresses as a ConfigMap value, and a replica count in a scale\'s values', () => {
    const security = parseYaml(fs.readFileSync('runbooks/security.yaml', 'utf8')) as { resolution: { id: string; action?: Record<string, unknown> }[] };
    const step = security.resolution.find((s) => s.id === 'block-suspicious-ips')!;
    expect(step.action).toMatchObject({ values: { blocked_ips: '{blocked_ips}' } });
    expect(checkedSectionSchema.safeParse(security).success).toBe(true);
  });

  it('refuses an http-post without a service', () => {
    expect(issuesFor((step) => Object.assign(step.action!, { kind: 'http-post', target: { path: '/admin/x', statusPath: '/admin/x' }, values: { state: 'closed' }, params: {} }))).toEqual([expect.stringMatching(/target\.service: is required for http-post/)]);
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
