// Issue 14 point 12: every temporary change can end. The steps whose change is meant to last a while (the seeds'
// "temporarily", a fallback mode, debug logging, which can put personal data in logs against 000 §6, load
// shedding) are temporary in the catalog, and only kinds whose previous values can be written back may be.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './load';
import { checkedSectionSchema } from './schema';

const sections = loadCatalog('runbooks');
const buttons = sections.flatMap((section) => section.resolution.flatMap((step) => (step.action ? [{ id: `${section.id}/${step.id}`, step, action: step.action }] : [])));
const meantToEnd = (text: string) => /temporar|fallback|LOG_LEVEL.?[:=]?\s*DEBUG|load shedding/i.test(text);

describe('temporary steps in the catalog', () => {
  it('every environment or ConfigMap button whose change is meant to last a while offers a duration and is set back', () => {
    const changes = buttons.filter((b) => b.action.kind === 'set-env' || b.action.kind === 'patch-configmap');
    const missing = changes.filter((b) => meantToEnd(JSON.stringify([b.step.title, b.step.detail, b.step.command, b.step.seedCommand, b.action.values])) && !b.action.temporary).map((b) => b.id);
    expect(missing).toEqual([]);
    expect(changes.filter((b) => b.action.temporary).map((b) => b.id).sort()).toEqual([
      'circuit-breakers/enable-fallback-mode',
      'performance/load-shedding-breaker-threshold',
      'pms-connection/enable-pms-fallback',
      'rate-limiting/increase-rate-limits',
      'security/enable-enhanced-logging',
    ]);
  });

  it('debug logging lasts at most two hours: it can put personal data in logs (000 §6)', () => {
    const logging = buttons.find((b) => b.id === 'security/enable-enhanced-logging');
    expect(logging?.action.temporary).toEqual({ defaultMinutes: 30, maxMinutes: 120 });
  });

  it('refuses a temporary change of a kind that cannot be set back, a default above the maximum, and a maximum above a day', () => {
    const section = parseYaml(fs.readFileSync('runbooks/security.yaml', 'utf8')) as { resolution: { id: string; action?: Record<string, unknown> }[] };
    const step = section.resolution.find((s) => s.id === 'enable-enhanced-logging')!;
    const issues = (temporary: unknown, kind?: string) => {
      const copy = structuredClone(section);
      const edited = copy.resolution.find((s) => s.id === step.id)!;
      Object.assign(edited.action!, { temporary, ...(kind ? { kind } : {}) });
      const result = checkedSectionSchema.safeParse(copy);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ defaultMinutes: 30, maxMinutes: 120 })).toEqual([]);
    expect(issues({ defaultMinutes: 30, maxMinutes: 120 }, 'rollout-restart')).toEqual([expect.stringMatching(/temporary: rollout-restart cannot be temporary/)]);
    expect(issues({ defaultMinutes: 200, maxMinutes: 120 })).toEqual([expect.stringMatching(/temporary\.defaultMinutes: must be at most maxMinutes \(120\)/)]);
    expect(issues({ defaultMinutes: 30, maxMinutes: 2000 })).toEqual([expect.stringMatching(/temporary\.maxMinutes/)]);
  });
});
