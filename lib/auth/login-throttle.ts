// Repeated failed passwords, counted so that nobody can lock someone else out.
//
// - per (account, client) pair: each failure pushes that client's next attempt on that account further
//   away (0, 0, 1, 2, 4 … 30 s), and too many lock that client out of that account for a while. Another
//   client, the account's owner included, is not slowed down at all: failing to sign in as someone, from
//   any number of addresses, cannot deny them access.
// - per client: too many failures across accounts lock the client out (no growing wait, so colleagues
//   behind one office address are not held up by one person's typos).
// - per account: counted, never refused; when many clients fail on one account within the window, one
//   `auth.guessing` alert goes to the audit log (see appendGuessingAlert).
// A client is an IPv4 address or an IPv6 /64 (toThrottleClient), taken from the socket (client-address.ts).
import type { Kysely } from 'kysely';
import { appendAudit } from '@/lib/audit/log';
import type { Database } from '@/lib/server/store/schema';
import { toThrottleClient } from './client-address';

export type ThrottlePolicy = {
  /** Failures from one client on one account before that client is locked out of it (LOGIN_MAX_FAILURES). */
  maxPairFailures: number;
  /** Failures from one client across accounts before it is locked out (LOGIN_ADDRESS_MAX_FAILURES). */
  maxAddressFailures: number;
  /** How long a lock lasts, and how long failures are remembered (LOGIN_LOCKOUT). */
  lockoutMs: number;
  /** Clients failing on one account within the window that make an audit alert (LOGIN_ALERT_CLIENTS). */
  alertClients: number;
};
/** `max` null: counted, never refuses. */
export type ThrottleKey = { key: string; account: string | null; max: number | null; growingDelay: boolean };
/** `locksIfFailed`: the keys this attempt locks if it fails (it has been counted as a failure already). */
export type ThrottleVerdict = { allowed: true; locksIfFailed: string[] } | { allowed: false; retryAfterMs: number; reason: 'locked' | 'too-soon' };

/** The wait after `failures` consecutive failures: none, none, 1 s, 2 s, 4 s … at most 30 s. */
export function delayAfter(failures: number): number {
  return failures < 2 ? 0 : Math.min(1000 * 2 ** (failures - 2), 30_000);
}

/** The pair's key first (its failures set the wait), then the client's, then the account's counter. */
export function throttleKeys(username: string, clientAddress: string | null, policy: ThrottlePolicy): ThrottleKey[] {
  const client = toThrottleClient(clientAddress);
  return [
    { key: `pair:${username}|${client ?? 'unknown'}`, account: username, max: policy.maxPairFailures, growingDelay: true },
    ...(client ? [{ key: `address:${client}`, account: null, max: policy.maxAddressFailures, growingDelay: false }] : []),
    { key: `account:${username}`, account: username, max: null, growingDelay: false },
  ];
}

/**
 * Checks whether an attempt may proceed and, if so, counts it as a failure straight away (cleared on
 * success): parallel guesses then count too, instead of all passing the check before any is recorded.
 */
export async function admitLoginAttempt(trx: Kysely<Database>, keys: ThrottleKey[], policy: ThrottlePolicy, now = Date.now()): Promise<ThrottleVerdict> {
  const rows = await trx.selectFrom('login_failures').selectAll().where('key', 'in', keys.map((k) => k.key)).execute();
  for (const row of rows) {
    const key = keys.find((k) => k.key === row.key);
    if (key?.max === null) continue;
    if (row.locked_until !== null && now < row.locked_until) return { allowed: false, retryAfterMs: row.locked_until - now, reason: 'locked' };
    if (!key?.growingDelay) continue;
    const fresh = now - row.first_failure_at < policy.lockoutMs;
    const notBefore = row.last_failure_at + delayAfter(row.failures);
    if (fresh && now < notBefore) return { allowed: false, retryAfterMs: notBefore - now, reason: 'too-soon' };
  }
  const locksIfFailed: string[] = [];
  for (const { key, account, max } of keys) {
    const row = rows.find((r) => r.key === key);
    // Failures older than the lockout window are forgotten; an expired lockout starts the count again.
    const expired = !row || now - row.first_failure_at >= policy.lockoutMs || (row.locked_until !== null && now >= row.locked_until);
    const failures = expired ? 1 : row.failures + 1;
    const locks = max !== null && failures >= max;
    const values = { failures, first_failure_at: expired ? now : row.first_failure_at, last_failure_at: now, locked_until: locks ? now + policy.lockoutMs : null, account };
    if (locks) locksIfFailed.push(key);
    if (row) await trx.updateTable('login_failures').set(values).where('key', '=', key).execute();
    else await trx.insertInto('login_failures').values({ key, ...values }).execute();
  }
  return { allowed: true, locksIfFailed };
}

/** A successful sign-in clears the pair's count and takes back the attempt counted against the client and the account. */
export async function settleSuccessfulLogin(trx: Kysely<Database>, keys: ThrottleKey[]): Promise<void> {
  for (const { key, growingDelay } of keys) {
    if (growingDelay) await trx.deleteFrom('login_failures').where('key', '=', key).execute();
    else await trx.updateTable('login_failures').set((eb) => ({ failures: eb('failures', '-', 1), locked_until: null })).where('key', '=', key).where('failures', '>', 0).execute();
  }
  await trx.deleteFrom('login_failures').where('key', 'in', keys.map((k) => k.key)).where('failures', '<=', 0).execute();
}

/**
 * After a failed attempt on `username`: if enough different clients failed on it within the window, one
 * alert record (per window) says the account is being guessed at, with how many clients, how many failures
 * and the first few clients. Nothing is locked: the owner keeps signing in from their own client.
 */
export async function appendGuessingAlert(trx: Kysely<Database>, username: string, policy: ThrottlePolicy, now = Date.now()): Promise<boolean> {
  const since = now - policy.lockoutMs;
  const pairs = await trx.selectFrom('login_failures').select(['key', 'first_failure_at']).where('account', '=', username).where('key', 'like', 'pair:%').where('last_failure_at', '>=', since).orderBy('first_failure_at').execute();
  if (pairs.length < policy.alertClients) return false;
  const already = await trx.selectFrom('audit_log').select('seq').where('at', '>=', since).where('action', '=', 'auth.guessing').where('target', '=', username).limit(1).executeTakeFirst();
  if (already) return false;
  const account = await trx.selectFrom('login_failures').select('failures').where('key', '=', `account:${username}`).executeTakeFirst();
  const prefix = `pair:${username}|`;
  await appendAudit(trx, {
    actor: 'system',
    actorRole: null,
    action: 'auth.guessing',
    target: username,
    outcome: 'failure',
    detail: { clients: pairs.length, failures: account?.failures ?? pairs.length, windowSeconds: policy.lockoutMs / 1000, addresses: pairs.slice(0, 10).map((p) => p.key.slice(prefix.length)) },
  }, now);
  return true;
}

/** Forgets failure counts that no longer lock or slow anyone down (run at each successful sign-in). */
export async function pruneLoginFailures(trx: Kysely<Database>, policy: ThrottlePolicy, now = Date.now()): Promise<void> {
  await trx
    .deleteFrom('login_failures')
    .where('first_failure_at', '<', now - policy.lockoutMs)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
