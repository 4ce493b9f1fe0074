import { ApiError } from '@/lib/api/errors';

/**
 * What an approval is bound to: the parts of the object's state the change depends on, read at the
 * preview. For a Deployment: metadata.generation and the spec fields the change touches (status writes,
 * which a real cluster makes on every pod replacement, are not in it); for a ConfigMap its
 * resourceVersion and the keys; for pods their uids; for a Redis key its value and expiry; for a
 * service its status fields. A request, an approval and an execution each read it again and go on only
 * if it still holds.
 */
export type Bound = Record<string, BoundValue>;
export type BoundValue = string | number | boolean | null | { expiresAt: number } | { atLeast: number };

/** How far an expiry may move and still be the same one: reading it twice takes time. */
const EXPIRY_TOLERANCE_MS = 2_000;

/**
 * The version a person confirms against: the bound state itself, encoded (base64url JSON). The server
 * decodes what the browser sends back and compares it, value by value, with what it reads now.
 */
export function encodeBound(bound: Bound): string {
  return Buffer.from(JSON.stringify(bound)).toString('base64url');
}

export function decodeBound(version: string, field = 'version'): Bound {
  try {
    const value: unknown = JSON.parse(Buffer.from(version, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Bound;
  } catch {
    // falls through to the refusal
  }
  throw new ApiError('bad-request', `${field}: not a version of a preview (preview again and confirm what it shows)`, field);
}

const isExpiry = (value: BoundValue | undefined): value is { expiresAt: number } => typeof value === 'object' && value !== null && 'expiresAt' in value;
/** A counter (a rate limiter's): counting on is the same counter; lower than it was means it started again. */
const isCounter = (value: BoundValue | undefined): value is { atLeast: number } => typeof value === 'object' && value !== null && 'atLeast' in value;

function showValue(value: BoundValue | undefined): string {
  if (value === undefined || value === null) return '(none)';
  if (isExpiry(value)) return `expiring ${new Date(value.expiresAt).toISOString().slice(11, 19)} UTC`;
  if (isCounter(value)) return `≥ ${value.atLeast}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sameValue(a: BoundValue | undefined, b: BoundValue | undefined): boolean {
  if (isExpiry(a) && isExpiry(b)) return Math.abs(a.expiresAt - b.expiresAt) <= EXPIRY_TOLERANCE_MS;
  if (isCounter(a) && isCounter(b)) return b.atLeast >= a.atLeast;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** What moved, in a reviewer's words: `spec.replicas 3 → 4`; empty when the bound state still holds. */
export function describeBoundChanges(approved: Bound, now: Bound): string[] {
  const keys = [...new Set([...Object.keys(approved), ...Object.keys(now)])];
  return keys.filter((key) => !sameValue(approved[key], now[key])).map((key) => `${key} ${showValue(approved[key])} → ${showValue(now[key])}`);
}

/** Thrown when what was approved no longer holds: a conflict naming the object and what moved. */
export class BindingError extends ApiError {
  constructor(
    readonly target: string,
    readonly changes: string[],
    when: string,
  ) {
    super('conflict', `${target} changed since ${when}: ${changes.join(', ')}`);
    this.name = 'BindingError';
  }
}

/** Refuses unless `now` still holds what was approved. */
export function assertBound(target: string, approved: Bound, now: Bound, when = 'it was approved'): void {
  const changes = describeBoundChanges(approved, now);
  if (changes.length > 0) throw new BindingError(target, changes, when);
}
