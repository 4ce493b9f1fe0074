import { z } from 'zod';

const itemId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'not an item id');

/** POST /api/routines/[id]/completions: the ticks and notes; the live answers are read again by the server. */
export const completionSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: itemId,
        checked: z.boolean(),
        note: z.string().trim().max(2000).default(''),
      }),
    )
    .min(1)
    .max(100),
  note: z.string().trim().max(2000).default(''),
  /** The DR drill only: measured recovery time and data loss, judged against 000's RTO and RPO. */
  drill: z
    .strictObject({
      recoveryMinutes: z.number().int().min(0).max(100_000),
      dataLossMinutes: z.number().int().min(0).max(100_000),
    })
    .optional(),
});
export type CompletionBody = z.infer<typeof completionSchema>;

/** GET /api/routines/daily-report?date=YYYY-MM-DD&format=md (the day in the routines' time zone). */
export const dailyReportQuerySchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date').optional(),
  format: z.enum(['json', 'md']).default('json'),
});

export const routineIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'not a routine id');
