import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './load';
import { renderAlertRules } from './prometheus-rules';

describe('renderAlertRules', () => {
  const sections = loadCatalog('runbooks');

  it('makes one alert per catalog rule, with severity, section and runbook_url', () => {
    const rules = parse(renderAlertRules(sections, { window: '5m', consoleUrl: 'https://ops.example/' })) as {
      groups: { rules: { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts).toHaveLength(sections.flatMap((s) => s.signals.flatMap((sig) => sig.rules)).length);
    for (const alert of alerts) {
      expect(alert.labels.severity).toMatch(/^P[0-3]$/);
      expect(alert.annotations.runbook_url).toBe(`https://ops.example/runbooks/${alert.labels.section}`);
      expect(alert.expr).not.toContain('$window');
    }
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
  });

  it('matches the committed deploy/prometheus/rules.yml (run `npm run rules` after editing the catalog)', () => {
    const committed = fs.readFileSync('deploy/prometheus/rules.yml', 'utf8');
    expect(committed).toBe(renderAlertRules(sections, { window: '5m', consoleUrl: 'https://ops.voicehive.example' }));
  });
});
