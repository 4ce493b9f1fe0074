import 'server-only';
import { getEnv, getExporterSelectors } from '@/lib/env';
import { bindExporterSelectors } from '@/lib/catalog/bind-selectors';
import { loadConfiguredCatalog, type SeverityTable } from '@/lib/catalog/load';
import { bindPmsVendors } from '@/lib/catalog/pms-vendors';
import type { Section } from '@/lib/catalog/schema';

type Catalog = { sections: Section[]; byId: Map<string, Section>; severityTable: SeverityTable };
const holder = globalThis as typeof globalThis & { __voicehiveOpsCatalog?: Catalog };

/** The validated catalog, loaded once per process (instrumentation.ts validates it at start-up). */
export function getCatalog(): Catalog {
  if (!holder.__voicehiveOpsCatalog) {
    const env = getEnv();
    const { sections: loaded, severityTable } = loadConfiguredCatalog(env);
    const sections = bindPmsVendors(bindExporterSelectors(loaded, getExporterSelectors(env)), env.PMS_HEALTH_URLS.map((v) => v.name));
    holder.__voicehiveOpsCatalog = { sections, byId: new Map(sections.map((s) => [s.id, s])), severityTable };
  }
  return holder.__voicehiveOpsCatalog;
}
