// config/incidents.yaml: templates per audience, update cadence and escalation by severity, the impact
// queries of the post-mortem and its checklist. Validated at start-up like the catalog.
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const level = z.enum(['P0', 'P1', 'P2', 'P3']);
const minutesBySeverity = z.partialRecord(level, z.number().int().min(0));

export const audienceIds = ['internal', 'status-page', 'stakeholders'] as const;
export type AudienceId = (typeof audienceIds)[number];

export const incidentConfigSchema = z.strictObject({
  declarePrompt: z.strictObject({ levels: z.array(level).min(1), afterMinutes: z.number().int().min(0) }),
  resolvedHoldMinutes: z.number().int().min(0),
  updateCadenceMinutes: z.record(level, z.number().int().positive()),
  escalation: z.array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), name: z.string().min(1), afterMinutes: minutesBySeverity })).min(1),
  audiences: z.record(z.enum(audienceIds), z.strictObject({ title: z.string().min(1), template: z.string().min(1) })),
  impact: z.array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), title: z.string().min(1), query: z.string().min(1), unit: z.enum(['count', 'ratio', 'seconds']) })),
  checklist: z.array(z.string().min(1)).min(1),
});
export type IncidentConfig = z.infer<typeof incidentConfigSchema>;

/** Reads and checks the file; a bad file stops the start with the path inside it and what is wrong. */
export function loadIncidentConfig(file: string): IncidentConfig {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = incidentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}
