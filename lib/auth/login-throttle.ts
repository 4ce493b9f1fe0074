// Repeated failed passwords: each failure on an account pushes its next allowed attempt further away,
// and too many lock it for a while. Failures are also counted per client address, which only locks
// (no growing wait): one address cannot try many accounts, but colleagues behind the same office
// address are not slowed down by one person's typos.
import type { Kysely } from 'kysely';
import type { Database } from '@/lib/server/store/schema';

export type ThrottlePolicy = { maxAccountFailures: number; maxAddressFailures: number; lockoutMs: number };
export type ThrottleKey = { key: string; max: number; growingDelay: boolean };
/** `locksIfFailed`: the keys this attempt locks if it fails (it has been counted as a failure already). */
export type ThrottleVerdict = { allowed: true; locksIfFailed: string[] } | { allowed: false; retryAfterMs: number; reason: 'locked' | 'too-soon' };

/** The wait after `failures` consecutive failures: none, none, 1 s, 2 s, 4 s … at most 30 s. */
export function delayAfter(failures: number): number {
  return failures < 2 ? 0 : Math.min(1000 * 2 ** (failures - 2), 30_000);
}

export function throttleKeys(username: string, clientAddress: string | null, policy: ThrottlePolicy): ThrottleKey[] {
  const keys = [{ key: `account:${username}`, max: policy.maxAccountFailures, growingDelay: true }];
  if (clientAddress) keys.push({ key: `address:${clientAddress}`, max: policy.maxAddressFailures, growingDelay: false });
  return keys;
}

/**
 * Checks whether an attempt may proceed and, if so, counts it as a failure straight away (cleared on
 * success): parallel guesses then count too, instead of all passing the check before any is recorded.
 */
export async function admitLoginAttempt(trx: Kysely<Database>, keys: ThrottleKey[], policy: ThrottlePolicy, now = Date.now()): Promise<ThrottleVerdict> {
  const rows = await trx.selectFrom('login_failures').selectAll().where('key', 'in', keys.map((k) => k.key)).execute();
  for (const row of rows) {
    if (row.locked_until !== null && now < row.locked_until) return { allowed: false, retryAfterMs: row.locked_until - now, reason: 'locked' };
    if (!keys.find((k) => k.key === row.key)?.growingDelay) continue;
    const fresh = now - row.first_failure_at < policy.lockoutMs;
    const notBefore = row.last_failure_at + delayAfter(row.failures);
    if (fresh && now < notBefore) return { allowed: false, retryAfterMs: notBefore - now, reason: 'too-soon' };
  }
  const locksIfFailed: string[] = [];
  for (const { key, max } of keys) {
    const row = rows.find((r) => r.key === key);
    // Failures older than the lockout window are forgotten; an expired lockout starts the count again.
    const expired = !row || now - row.first_failure_at >= policy.lockoutMs || (row.locked_until !== null && now >= row.locked_until);
    const failures = expired ? 1 : row.failures + 1;
    const values = { failures, first_failure_at: expired ? now : row.first_failure_at, last_failure_at: now, locked_until: failures >= max ? now + policy.lockoutMs : null };
    if (values.locked_until !== null) locksIfFailed.push(key);
    if (row) await trx.updateTable('login_failures').set(values).where('key', '=', key).execute();
    else await trx.insertInto('login_failures').values({ key, ...values }).execute();
  }
  return { allowed: true, locksIfFailed };
}

/** A successful sign-in clears the account's count and takes back the attempt counted against the address. */
export async function settleSuccessfulLogin(trx: Kysely<Database>, keys: ThrottleKey[]): Promise<void> {
  const [account, address] = keys;
  if (account) await trx.deleteFrom('login_failures').where('key', '=', account.key).execute();
  if (address) {
    await trx.updateTable('login_failures').set((eb) => ({ failures: eb('failures', '-', 1), locked_until: null })).where('key', '=', address.key).where('failures', '>', 0).execute();
  }
}

/** Forgets failure counts that no longer lock or slow anyone down (run at each successful sign-in). */
export async function pruneLoginFailures(trx: Kysely<Database>, policy: ThrottlePolicy, now = Date.now()): Promise<void> {
  await trx
    .deleteFrom('login_failures')
    .where('first_failure_at', '<', now - policy.lockoutMs)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
