import 'server-only';
import { z } from 'zod';

// The answers of Alertmanager's API v2 (api/v2/openapi.yaml, checked against Debian's 0.25) and of Prometheus's
// GET /api/v1/alerts, as far as the console reads them; other fields are ignored.

const labelSet = z.record(z.string(), z.string());
/** RFC 3339 (Go writes up to nanoseconds, which Date.parse reads) → ms since the epoch. */
const time = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not an RFC 3339 time')
  .transform((text) => Date.parse(text));

export const amAlertsSchema = z.array(
  z.object({
    fingerprint: z.string().min(1),
    labels: labelSet,
    annotations: labelSet.nullish().transform((a) => a ?? {}),
    startsAt: time,
    status: z.object({
      state: z.enum(['unprocessed', 'active', 'suppressed']),
      silencedBy: z.array(z.string()).nullish().transform((ids) => ids ?? []),
    }),
  }),
);

const matcher = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  // Optional in the API, true by default: Alertmanagers before 0.22 did not know negative matchers.
  isEqual: z.boolean().nullish().transform((equal) => equal ?? true),
});

export const amSilencesSchema = z.array(
  z.object({
    id: z.string().min(1),
    status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
    updatedAt: time,
    matchers: z.array(matcher),
    startsAt: time,
    endsAt: time,
    createdBy: z.string(),
    comment: z.string(),
  }),
);

export const amSilenceCreatedSchema = z.object({ silenceID: z.string().min(1) });

export const prometheusAlertsSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    alerts: z.array(
      z.object({
        labels: labelSet,
        annotations: labelSet.nullish().transform((a) => a ?? {}),
        state: z.string(),
        // Absent only for inactive alerts, which the API does not list; the read time stands in then.
        activeAt: time.optional(),
      }),
    ),
  }),
});
