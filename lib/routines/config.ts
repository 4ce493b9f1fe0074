// config/routines.yaml (issue 19): the routines the runbooks schedule (000 daily/weekly/monthly tasks,
// 002's morning/midday/evening checks and Sunday maintenance, 003's secret rotation), each with a cron-like
// schedule in a configured time zone and items with the runbook text. An item the console can answer names
// a catalog section's signal (the same query the section uses; no new upstream path) and its thresholds.
// Validated at start-up like the catalog and config/incidents.yaml.
import fs from 'node:fs';
import { Cron } from 'croner';
import { parse } from 'yaml';
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/);

/** A Prometheus range for `$window` in a catalog query: 1h, 24h, 7d. */
const window = z.string().regex(/^[1-9][0-9]*[mhd]$/, 'a duration such as 1h, 24h or 7d');

/** A live answer: a catalog section's signal, judged against the item's thresholds (green within). */
const liveAnswer = z.strictObject({
  section: id,
  signal: id,
  /**
   * Read the signal's own query over this range ("the error rate over the last 24 h") instead of the section's
   * evaluation window; the section's query and the console's Prometheus client, nothing the browser names.
   */
  window: window.optional(),
  /** Green while the value stays at or below `max` (and at or above `min`, where given). */
  max: z.number().optional(),
  min: z.number().optional(),
});

/**
 * A figure shown beside an item, not judged: a catalog signal's or panel's query read now (over `window`),
 * summed into a count where `total` (a per-second rate over the window times its length: the window's count),
 * or against the same time yesterday where `compare` (the performance trend).
 */
const figure = z
  .strictObject({
    label: z.string().min(1),
    section: id,
    signal: id.optional(),
    panel: id.optional(),
    window: window.optional(),
    total: z.literal(true).optional(),
    compare: z.literal('yesterday').optional(),
  })
  .refine((f) => (f.signal === undefined) !== (f.panel === undefined), 'name exactly one of signal and panel')
  .refine((f) => !(f.total && !f.window), 'total needs a window (the count is the rate over that window times its length)');

const item = z.strictObject({
  id,
  text: z.string().min(1),
  /** Where the console cannot answer: the command in the estate's terms. */
  command: z.string().min(1).optional(),
  live: liveAnswer.optional(),
  figures: z.array(figure).max(4).optional(),
});

const cronPattern = z.string().min(1).refine((pattern) => {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}, 'not a valid cron pattern');

const routine = z.strictObject({
  id,
  title: z.string().min(1),
  /** Runbook sources, as the catalog names them ("002 Daily Operations: Morning Checklist"). */
  sources: z.array(z.string().min(1)).min(1),
  /** Five fields (minute hour day-of-month month day-of-week), croner syntax (`0#1` = first Sunday). */
  schedule: cronPattern,
  /** After the scheduled time, the routine is due this long; later it is overdue. */
  graceMinutes: z.number().int().min(0),
  /** The weekly DR drill records measured recovery time and data loss against these targets (000). */
  drill: z.strictObject({ rtoMinutes: z.number().int().positive(), rpoMinutes: z.number().int().positive() }).optional(),
  items: z.array(item).min(1),
});

const rotation = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(['api-key', 'jwt-secret', 'database-password', 'cloud-key', 'tls-certificate']),
  periodDays: z.number().int().positive(),
  source: z.string().min(1),
});

export const routinesConfigSchema = z
  .strictObject({
    /** IANA time zone the schedules are read in (DST follows it). */
    timeZone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not a known IANA time zone'),
    routines: z.array(routine).min(1),
    rotations: z.array(rotation),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.routines.forEach((r, index) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['routines', index, 'id'], message: `duplicate routine id ${r.id}` });
      seen.add(r.id);
      const items = new Set<string>();
      r.items.forEach((i, itemIndex) => {
        if (items.has(i.id)) ctx.addIssue({ code: 'custom', path: ['routines', index, 'items', itemIndex, 'id'], message: `duplicate item id ${i.id}` });
        items.add(i.id);
      });
    });
  });
export type RoutinesConfig = z.infer<typeof routinesConfigSchema>;
export type Routine = RoutinesConfig['routines'][number];
export type RoutineItem = Routine['items'][number];
export type FigureSpec = NonNullable<RoutineItem['figures']>[number];

/** Parses and checks the text; a bad file names the path inside it and what is wrong. */
export function parseRoutinesConfig(text: string, file = 'routines.yaml'): RoutinesConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = routinesConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadRoutinesConfig(file: string): RoutinesConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseRoutinesConfig(text, file);
}

type CatalogSections = ReadonlyArray<{ id: string; signals: ReadonlyArray<{ id: string }>; panels: ReadonlyArray<{ id: string; kind: string }> }>;

/** Live answers and figures must name a section and a signal (or a chart panel) of the loaded catalog (checked at start-up). */
export function checkLiveAnswers(config: RoutinesConfig, sections: CatalogSections): void {
  for (const r of config.routines) {
    for (const i of r.items) {
      const where = `routines: ${r.id}.${i.id}`;
      const sectionOf = (sectionId: string) => {
        const section = sections.find((s) => s.id === sectionId);
        if (!section) throw new Error(`${where}: unknown catalog section ${sectionId}`);
        return section;
      };
      if (i.live) {
        const section = sectionOf(i.live.section);
        if (!section.signals.some((s) => s.id === i.live!.signal)) throw new Error(`${where}: section ${section.id} has no signal ${i.live.signal}`);
      }
      for (const f of i.figures ?? []) {
        const section = sectionOf(f.section);
        if (f.signal && !section.signals.some((s) => s.id === f.signal)) throw new Error(`${where}: figure "${f.label}": section ${section.id} has no signal ${f.signal}`);
        if (f.panel && !section.panels.some((p) => p.id === f.panel && p.kind === 'timeseries')) throw new Error(`${where}: figure "${f.label}": section ${section.id} has no chart panel ${f.panel}`);
      }
    }
  }
}

/** An item's live value against its thresholds: green within (max inclusive, min inclusive), red outside, unknown without data. */
export function judgeLiveValue(live: { max?: number; min?: number }, value: number | null): 'green' | 'red' | 'unknown' {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  if (live.max !== undefined && value > live.max) return 'red';
  if (live.min !== undefined && value < live.min) return 'red';
  return 'green';
}
