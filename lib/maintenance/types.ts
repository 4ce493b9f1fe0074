// Maintenance windows (issue 19): pure types and input schemas, shared by the server and the pages.
import { z } from 'zod';

/**
 * awaiting-approval: longer than the configured time, waits for a second person; scheduled: its silences are in
 * Alertmanager, pending until the start; active: Alertmanager holds its silences active now; ended / cancelled /
 * rejected / expired (never approved before its end): over.
 */
export const maintenanceStates = ['awaiting-approval', 'scheduled', 'active', 'ended', 'cancelled', 'rejected', 'expired'] as const;
export type MaintenanceState = (typeof maintenanceStates)[number];
export const OPEN_MAINTENANCE_STATES: readonly MaintenanceState[] = ['awaiting-approval', 'scheduled', 'active'];

export type MaintenanceWindow = {
  id: string;
  sections: string[];
  services: string[];
  startsAt: number;
  endsAt: number;
  reason: string;
  state: MaintenanceState;
  createdBy: string;
  createdAt: number;
  /** Set when the window was longer than the configured time and needed a second person. */
  approvalRequired: boolean;
  decidedBy: string | null;
  decidedAt: number | null;
  /** The Alertmanager silences the window is made of (read back when made). */
  silenceIds: string[];
  endedAt: number | null;
  endedBy: string | null;
  endNote: string | null;
  lastError: string | null;
};

/** What a section's tile, the wall and the section page show while a window covers it (the silence is active). */
export type SectionMaintenance = { id: string; until: number; reason: string; by: string };

// Section ids and service names are label values inside an Alertmanager regex matcher: only these characters.
const labelValue = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes');
const REASON_MAX = 500;

export const scheduleMaintenanceSchema = z
  .strictObject({
    sections: z.array(labelValue).max(30).default([]),
    services: z.array(labelValue).max(30).default([]),
    /** ISO 8601 times (the form sends them with their offset); omitted start = now. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1, 'a window needs a reason').max(REASON_MAX, `at most ${REASON_MAX} characters`),
  })
  .superRefine((input, ctx) => {
    if (input.sections.length === 0 && input.services.length === 0) ctx.addIssue({ code: 'custom', path: ['sections'], message: 'name at least one section or service' });
  });
export type ScheduleMaintenanceInput = z.infer<typeof scheduleMaintenanceSchema>;

export const maintenanceDecisionSchema = z.strictObject({ decision: z.enum(['approve', 'reject']), comment: z.string().trim().max(REASON_MAX).optional() });
export const endMaintenanceSchema = z.strictObject({ note: z.string().trim().max(REASON_MAX).optional() });
export const maintenanceIdSchema = z.string().regex(/^MW-[0-9a-f]{12}$/, 'not a maintenance window id');
