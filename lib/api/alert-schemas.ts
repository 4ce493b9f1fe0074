import { z } from 'zod';
import { ACK_COMMENT_MAX_CHARS } from '@/lib/alerts/types';
import { INCIDENT_ID_PATTERN } from '@/lib/incidents/types';

// Alert acknowledgements, shared by the handlers and the form that sends them. The browser names an alert
// by its fingerprint only; the labels the silence matches are looked up on the server.
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{16}$/, 'must be an alert fingerprint (16 hexadecimal digits)');
export const silenceIdSchema = z.uuid({ error: 'must be a silence id (a UUID)' });

export const acknowledgeSchema = z.object({
  comment: z.string().trim().min(1, 'is required: say what is being done about it').max(ACK_COMMENT_MAX_CHARS, `must be at most ${ACK_COMMENT_MAX_CHARS} characters`),
  /** Bounded again on the server by ACK_MAX_DURATION. */
  durationMinutes: z.number().int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(10_080, 'must be at most a week'),
  /** Made from this incident: kept alive while the alert fires, ended when the incident's recovery is verified. */
  keepAliveFor: z.string().regex(INCIDENT_ID_PATTERN, 'must be an incident id such as INC-2026-1').optional(),
});
export type AcknowledgeBody = z.infer<typeof acknowledgeSchema>;
