import { z } from 'zod';
import { audienceIds } from '@/lib/incidents/config';
import { incidentRoles, incidentStatuses } from '@/lib/incidents/lifecycle';
import { INCIDENT_ID_PATTERN, milestoneIds, timelineCategories } from '@/lib/incidents/types';

// Request bodies and query strings of the incident routes, shared by the handlers and the pages' forms.

const severity = z.enum(['P0', 'P1', 'P2', 'P3'], { error: 'must be one of P0, P1, P2, P3' });
const sectionId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a section id');
const username = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').regex(/^[\w.@-]+$/, 'must be a user name');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const version = z.number({ error: 'must be the version you read (a number)' }).int().positive();

export const incidentIdSchema = z.string().regex(INCIDENT_ID_PATTERN, 'must be an incident id such as INC-2026-1');

export const declareSchema = z.strictObject({
  /** From a section page: the section, its severity and firing time are filled in by the server. */
  section: sectionId.optional(),
  /** From an alert row: its fingerprint (and the alert's section). */
  alertFingerprint: z.string().regex(/^[0-9a-f]{1,32}$/, 'must be an alert fingerprint').optional(),
  title: text(200).min(1, 'must not be empty').optional(),
  summary: text(4000).optional(),
  severity: severity.optional(),
});

const changeSchemas = [
  z.strictObject({ op: z.literal('status'), version, to: z.enum(incidentStatuses), reason: text(1000).optional(), mergedInto: incidentIdSchema.optional() }),
  z.strictObject({ op: z.literal('severity'), version, to: severity, reason: text(1000).min(1, 'must say why'), fromProposal: z.boolean().optional() }),
  z.strictObject({ op: z.literal('dismiss-proposal'), version, to: severity, basis: text(500) }),
  z.strictObject({ op: z.literal('role'), version, role: z.enum(incidentRoles), to: username.nullable() }),
  z.strictObject({ op: z.literal('details'), version, title: text(200).min(1).optional(), summary: text(4000).optional(), sections: z.array(sectionId).min(1).max(20).optional() }),
  z.strictObject({ op: z.literal('milestone'), version, milestone: z.enum(milestoneIds), at: z.number().int().positive(), reason: text(500).min(1, 'must say why') }),
  z.strictObject({
    op: z.literal('postmortem'),
    version,
    rootCause: text(8000).optional(),
    contributingFactors: text(8000).optional(),
    lessons: text(8000).optional(),
    actionItems: z.array(z.strictObject({ id: z.string().max(40), text: text(500).min(1), owner: text(64), due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date').nullable(), state: z.enum(['open', 'done']) })).max(50).optional(),
    checklist: z.record(z.string().max(200), z.boolean()).optional(),
    /** A reason waives the post-mortem (approvers and admins); null withdraws a waiver. */
    waiveReason: text(1000).min(1).nullable().optional(),
  }),
  z.strictObject({ op: z.literal('escalate'), version, reason: text(1000) }),
] as const;

export const changeSchema = z.discriminatedUnion('op', changeSchemas);
export type ChangeRequest = z.infer<typeof changeSchema>;

export const timelineAddSchema = z.discriminatedUnion('op', [
  // A link (a dashboard, a vendor's status page) is a note that holds it: shown as text, never fetched.
  z.strictObject({ op: z.literal('note'), text: text(4000).min(1, 'must not be empty') }),
  z.strictObject({ op: z.literal('star'), eventKey: z.string().regex(/^(event|transition|audit|alert):[\w:.-]{1,80}$/, 'must be a timeline event key'), starred: z.boolean() }),
]);

export const communicationSchema = z.strictObject({ audience: z.enum(audienceIds), text: text(4000).min(1, 'must not be empty') });

const blank = (v: unknown) => (v === '' ? undefined : v);
export const incidentListQuerySchema = z.strictObject({
  status: z.preprocess(blank, z.enum([...incidentStatuses, 'open']).optional()),
  severity: z.preprocess(blank, severity.optional()),
  section: z.preprocess(blank, sectionId.optional()),
  from: z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (2026-12-03)').optional()),
  to: z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (2026-12-03)').optional()),
  q: z.preprocess(blank, text(100).optional()),
});

export const timelineFilterSchema = z.enum(timelineCategories);
