import { z } from 'zod';

// Filters for reading the audit log, shared by GET /api/audit and the /audit page's filter form
// (both read them from a query string, so every value arrives as text and an empty field means "any").

export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcomeFilter = (typeof auditOutcomes)[number];

export const AUDIT_TEXT_MAX = 64;
export const AUDIT_LIMIT_MAX = 1000;
export const AUDIT_LIMIT_DEFAULT = 200;
/** The characters an action may have: `auth.login`, `access.denied`, `audit.export`. Never a LIKE wildcard. */
export const auditActionPattern = '[a-z.\\-]+';

/** The keys the page and the API read; anything else in a page's query string is ignored. */
export const auditFilterKeys = ['actor', 'action', 'outcome', 'from', 'to', 'limit', 'before', 'section', 'incident'] as const;
export type AuditFilterInput = Partial<Record<(typeof auditFilterKeys)[number], string>>;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;

function isRealDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

/**
 * An ISO date or date-time as epoch ms. Without an offset the time is UTC (a form cannot say which
 * zone the browser is in). A bare date means the start of that day, or its last millisecond for `to`.
 */
export function parseAuditInstant(text: string, bound: 'from' | 'to'): number | null {
  const date = DATE.exec(text);
  if (date) {
    if (!isRealDate(date[1]!, date[2]!, date[3]!)) return null;
    const start = Date.parse(`${text}T00:00:00Z`);
    return bound === 'to' ? start + DAY_MS - 1 : start;
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime || !isRealDate(dateTime[1]!, dateTime[2]!, dateTime[3]!)) return null;
  const ms = Date.parse(`${text.replace(' ', 'T')}${dateTime[7] ? '' : 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}

const instant = (bound: 'from' | 'to') =>
  optional(
    z
      .string()
      .trim()
      .max(40, 'is too long')
      .transform((text, ctx) => {
        const ms = parseAuditInstant(text, bound);
        if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be an ISO date (2025-01-31) or date-time (2025-01-31T14:00, UTC unless an offset is given)' });
        // NaN (with the issue above) compares false either way, so from ≤ to does not add a second complaint.
        return ms ?? Number.NaN;
      }),
  );

const filterFields = {
  /** Part of the actor's name, any case. */
  actor: optional(z.string().trim().max(AUDIT_TEXT_MAX, `must be at most ${AUDIT_TEXT_MAX} characters`)),
  /** An action (`auth.login`, which also matches `auth.login.*`) or a prefix ending in a dot (`auth.`). */
  action: optional(
    z
      .string()
      .trim()
      .max(AUDIT_TEXT_MAX, `must be at most ${AUDIT_TEXT_MAX} characters`)
      .regex(new RegExp(`^${auditActionPattern}$`), 'may only have lowercase letters, dots and dashes'),
  ),
  outcome: optional(z.enum(auditOutcomes, { error: `must be one of ${auditOutcomes.join(', ')}` })),
  from: instant('from'),
  to: instant('to'),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(AUDIT_LIMIT_MAX, `must be at most ${AUDIT_LIMIT_MAX}`)
      .default(AUDIT_LIMIT_DEFAULT),
  ),
  /** A runbook section id (the record's section column). */
  section: optional(z.string().trim().max(AUDIT_TEXT_MAX, `must be at most ${AUDIT_TEXT_MAX} characters`).regex(/^[a-z0-9-]+$/, 'must be a section id')),
  /** An incident id, INC-<year>-<n>. */
  incident: optional(z.string().trim().regex(/^INC-\d{4}-\d{1,6}$/, 'must be an incident id such as INC-2026-1')),
  /** Paging cursor: only records older than this sequence number. */
  before: optional(z.coerce.number({ error: 'must be a record number' }).int('must be a record number').positive('must be a record number')),
};

function fromNotAfterTo(value: { from?: number; to?: number }, ctx: z.RefinementCtx) {
  if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
  }
}

export const auditFiltersSchema = z.object(filterFields).superRefine(fromNotAfterTo);
export type AuditFilters = z.output<typeof auditFiltersSchema>;

/** GET /api/audit: the filters plus the format; unknown parameters are refused. */
export const auditQuerySchema = z
  .object({
    ...filterFields,
    format: z.preprocess(blankToUndefined, z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json')),
    download: optional(z.enum(['0', '1'], { error: 'must be 0 or 1' })),
  })
  .strict()
  .superRefine(fromNotAfterTo);
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The filters as they were typed (for links and for refilling the form), without empty ones. */
export function pickAuditFilterInput(params: Record<string, string | string[] | undefined>): AuditFilterInput {
  const input: AuditFilterInput = {};
  for (const key of auditFilterKeys) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  return input;
}

/** A query string for `input` with some keys replaced (`undefined` removes one). */
export function auditSearch(input: AuditFilterInput, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...input, ...overrides })) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
