import 'server-only';
import { getEnv } from '@/lib/env';
import type { Incident } from '@/lib/incidents/types';
import { getCatalog } from '@/lib/server/catalog';
import { getPrometheus } from '@/lib/server/prometheus-instance';
import { expandQuery } from '@/lib/server/section-status-service';
import { impactWindow } from './impact';

export type SectionChart = { section: string; signal: string; points: [number, number][]; error: string | null };

/** Each linked section's key signal over the incident's window (with a margin either side), for the post-mortem's charts. */
export async function readKeySignalSeries(incident: Incident, now = Date.now()): Promise<SectionChart[]> {
  const { from, to } = impactWindow(incident, now);
  const margin = Math.max(5 * 60_000, (to - from) / 10);
  const startMs = from - margin;
  const endMs = Math.min(now, to + margin);
  const stepMs = Math.max(15_000, Math.ceil((endMs - startMs) / 120 / 1000) * 1000);
  const { byId } = getCatalog();
  return Promise.all(
    incident.sections.flatMap((id) => {
      const section = byId.get(id);
      const signal = section?.signals.find((s) => s.id === section.keySignal);
      if (!section || !signal) return [];
      return [
        getPrometheus()
          .queryRange(expandQuery(signal.query, getEnv().SIGNAL_WINDOW), { startMs, endMs, stepMs })
          .then((series): SectionChart => ({ section: id, signal: signal.name, points: series[0]?.points ?? [], error: null }))
          .catch((error: unknown): SectionChart => ({ section: id, signal: signal.name, points: [], error: error instanceof Error ? error.message : String(error) })),
      ];
    }),
  );
}
