import { z } from 'zod';
import { MAX_TEMPORARY_MINUTES } from '@/lib/actions/kinds';

// Request bodies of the action routes, shared by the handlers and the buttons that send them. The
// browser names an action by section and step; the target and the change come from the catalog.
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an id from the catalog');
const params = z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.array(z.string().max(64)).max(20)])).default({});

export const actionRefSchema = z.object({ section: id, step: id, params });

export const runRequestSchema = actionRefSchema.extend({
  reason: z.string().trim().max(500, 'must be at most 500 characters').nullable().default(null),
  /** Made by the button when the dialog opens: a double click or a retry sends the same one. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 letters, digits, _ or -'),
  /** The version of the preview the person confirms (every kind has one): a confirm without it is refused. */
  version: z.string({ error: 'is required: preview first, and confirm what the preview shows' }).min(1, 'is required: preview first, and confirm what the preview shows').max(8192),
  /** A temporary step's duration (its default when absent); refused for any other step. */
  durationMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1 minute').max(MAX_TEMPORARY_MINUTES, `must be at most ${MAX_TEMPORARY_MINUTES} minutes`).nullable().optional(),
});
export type RunRequestBody = z.infer<typeof runRequestSchema>;

export const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(500, 'must be at most 500 characters').nullable().default(null),
});

export const runIdSchema = z.uuid({ error: 'must be a run id' });

/** A requester withdrawing her pending request, with an optional word why. */
export const cancellationSchema = z.object({
  comment: z.string().trim().max(500, 'must be at most 500 characters').nullable().default(null),
});

/** GET /api/actions/runs: one section's runs, or only the caller's own (`mine=1`). */
export const runListQuerySchema = z
  .object({
    section: id.optional(),
    mine: z.enum(['0', '1']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(100),
  })
  .strict();

/** A person setting a temporary change back before its time runs out, with an optional word why. */
export const revertSchema = z.object({
  comment: z.string().trim().max(500, 'must be at most 500 characters').nullable().default(null),
});

/** GET /api/temporary-changes: one section's, or all. */
export const temporaryListQuerySchema = z.object({ section: id.optional() }).strict();
