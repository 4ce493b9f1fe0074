import { stringify } from 'yaml';
import { bindExporterSelectors } from './bind-selectors';
import { defaultSelectors, type ExporterSelectors } from './exporter-selectors';
import type { Section } from './schema';

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * Prometheus alerting rules generated from the catalog, so the pages people get and the console's
 * tiles come from the same thresholds. Each alert carries `severity` and `section` labels and a
 * `runbook_url` pointing at the section's page in the console.
 */
export function renderAlertRules(catalog: Section[], options: { window: string; consoleUrl: string; selectors?: ExporterSelectors }): string {
  const base = options.consoleUrl.replace(/\/$/, '');
  // The rules read the same series as the console's tiles: the estate's exporter selectors (EXPORTER_SELECTOR_*).
  const sections = bindExporterSelectors(catalog, options.selectors ?? defaultSelectors());
  const groups = sections.map((section) => ({
    name: `voicehive-${section.id}`,
    rules: section.signals.flatMap((signal) =>
      signal.rules.map((rule) => ({
        alert: `VoiceHive${pascal(section.id)}${pascal(signal.id)}${rule.severity}`,
        expr: `(${signal.query.replaceAll('$window', options.window).trim()}) ${rule.op} ${rule.threshold}`,
        ...(rule.for ? { for: rule.for } : {}),
        labels: { severity: rule.severity, section: section.id },
        annotations: {
          summary: `${section.title}: ${rule.description}`,
          description: `${signal.name} is {{ $value | printf "%.4g" }} (${rule.op} ${rule.threshold})`,
          runbook_url: `${base}/runbooks/${section.id}`,
        },
      })),
    ),
  }));
  return `# Generated from runbooks/*.yaml by \`npm run rules\`; edit the catalog, not this file.\n${stringify({ groups }, { lineWidth: 0 })}`;
}
