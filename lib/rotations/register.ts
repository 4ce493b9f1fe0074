// The rotations register (issue 19): pure, shared by the server and the page. A secret's next rotation is due one
// period after the last one recorded; a certificate is tracked live from the blackbox exporter's expiry.
import { z } from 'zod';

const DAY = 86_400_000;

/** never: no rotation recorded yet (due now: nobody can say when it was last done); due: within the warning time; overdue: past. */
export type DueState = 'ok' | 'due' | 'overdue' | 'never';

export type RotationRecord = { id: string; rotatedAt: number; recordedBy: string; recordedAt: number; note: string };

export type RotationEntry = {
  id: string;
  name: string;
  kind: string;
  periodDays: number;
  source: string;
  last: RotationRecord | null;
  /** last + period; null when never recorded. */
  nextDueAt: number | null;
  state: DueState;
  history: RotationRecord[];
};

export type CertificateState = 'ok' | 'due' | 'expired';
export type CertificateEntry = { instance: string; expiresAt: number; state: CertificateState };
/** The live certificates, or why they could not be read (never shown as fine when unread). */
export type CertificatesAnswer = { certificates: CertificateEntry[]; readAt: number; error: string | null };

export type RotationsResponse = { rotations: RotationEntry[]; certificates: CertificatesAnswer; dueSoonDays: number; renewBeforeDays: number };

export function rotationState(periodDays: number, lastAt: number | null, now: number, dueSoonMs: number): { nextDueAt: number | null; state: DueState } {
  if (lastAt === null) return { nextDueAt: null, state: 'never' };
  const nextDueAt = lastAt + periodDays * DAY;
  return { nextDueAt, state: now >= nextDueAt ? 'overdue' : now >= nextDueAt - dueSoonMs ? 'due' : 'ok' };
}

export function certificateState(expiresAt: number, now: number, renewBeforeMs: number): CertificateState {
  return now >= expiresAt ? 'expired' : now >= expiresAt - renewBeforeMs ? 'due' : 'ok';
}

/** What a person records: when it was rotated (default now; not in the future, at most a year back) and a note. */
export const recordRotationSchema = z.strictObject({
  rotatedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().min(1, 'say what was rotated and how (e.g. the change or ticket)').max(500, 'at most 500 characters'),
});
export const rotationIdSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'not a rotation id');
