import 'server-only';
import { getEnv } from '@/lib/env';
import { loadConfiguredCatalog, type SeverityTable } from '@/lib/catalog/load';
import type { Section } from '@/lib/catalog/schema';

type Catalog = { sections: Section[]; byId: Map<string, Section>; severityTable: SeverityTable };
const holder = globalThis as typeof globalThis & { __voicehiveOpsCatalog?: Catalog };

/** The validated catalog, loaded once per process (instrumentation.ts validates it at start-up). */
export function getCatalog(): Catalog {
  if (!holder.__voicehiveOpsCatalog) {
    const { sections, severityTable } = loadConfiguredCatalog(getEnv());
    holder.__voicehiveOpsCatalog = { sections, byId: new Map(sections.map((s) => [s.id, s])), severityTable };
  }
  return holder.__voicehiveOpsCatalog;
}
