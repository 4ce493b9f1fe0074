import 'server-only';
import { getEnv, getExporterSelectors } from '@/lib/env';
import { expandSelectors } from '@/lib/catalog/exporter-selectors';
import type { Incident } from '@/lib/incidents/types';
import { getPrometheus } from '@/lib/server/prometheus-instance';
import { getIncidentConfig } from './config';

export type ImpactFigure = { id: string; title: string; unit: 'count' | 'ratio' | 'seconds'; value: number | null; error: string | null };
export type Impact = { from: number; to: number; figures: ImpactFigure[] };

/** The incident's window: from the first breach (or the declaration) to resolution (or now). */
export function impactWindow(incident: Incident, now: number): { from: number; to: number } {
  return { from: incident.startedAt ?? incident.declaredAt, to: incident.resolvedAt ?? incident.closedAt ?? now };
}

/** The configured impact queries over the window, evaluated at its end (PromQL @); named queries only. */
export async function computeImpact(incident: Incident, now = Date.now()): Promise<Impact> {
  const { from, to } = impactWindow(incident, now);
  const rangeSeconds = Math.max(60, Math.ceil((to - from) / 1000));
  const selectors = getExporterSelectors(getEnv());
  const prometheus = getPrometheus();
  const figures = await Promise.all(
    getIncidentConfig().impact.map(async (q): Promise<ImpactFigure> => {
      try {
        const expr = expandSelectors(q.query, selectors).replaceAll('$range', `${rangeSeconds}s`).replaceAll('$end', (Math.floor(to / 1000)).toString());
        const result = await prometheus.query(expr);
        const value = result[0]?.value;
        return { id: q.id, title: q.title, unit: q.unit, value: value === undefined || !Number.isFinite(value) ? null : value, error: null };
      } catch (error) {
        return { id: q.id, title: q.title, unit: q.unit, value: null, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return { from, to, figures };
}

export function formatFigure(figure: ImpactFigure): string {
  if (figure.error) return `unknown (${figure.error})`;
  if (figure.value === null) return 'no data';
  if (figure.unit === 'ratio') return `${(figure.value * 100).toFixed(1)} %`;
  if (figure.unit === 'seconds') return `${figure.value.toFixed(2)} s`;
  return String(Math.round(figure.value));
}
