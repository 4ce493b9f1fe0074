import 'server-only';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Named leases in the store (issue 18), the same on SQLite and PostgreSQL: one holder at a time, taken over
 * when its holder stops renewing (it died, hung or lost the database) and the lease expires, handed over at
 * once when its holder releases it (shutdown). Acquiring and renewing are one atomic upsert whose update only
 * applies when the lease is free (expired) or already ours, so of two replicas racing exactly one gets it.
 *
 * Time is the caller's clock (epoch ms). Replicas' clocks must agree to well within a lease's time to live
 * (NTP does that by orders of magnitude); the TTLs used are tens of seconds for that reason.
 */

export type LeaseHolding = { name: string; holder: string; expiresAt: number };

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or extends it if `holder` has it already. True when
 * `holder` holds it after the call; false when someone else holds an unexpired one.
 */
export async function acquireLease(db: Kysely<Database>, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: now + ttlMs, acquired_at: now })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          holder: eb.ref('excluded.holder'),
          expires_at: eb.ref('excluded.expires_at'),
          // A renewal keeps when it was first taken; a takeover starts a new holding.
          acquired_at: eb.case().when('leases.holder', '=', holder).then(eb.ref('leases.acquired_at')).else(eb.ref('excluded.acquired_at')).end(),
        }))
        .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', now)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Extends a lease `holder` still has; false when it lost it (it expired and someone else took it, or it was released). */
export async function renewLease(db: Kysely<Database>, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const result = await db.updateTable('leases').set({ expires_at: now + ttlMs }).where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease up so another replica can take it at once; only its holder can. True when it was held. */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<boolean> {
  const result = await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Who holds `name` now (null when nobody, or the last holder's lease expired). */
export async function currentLease(db: Kysely<Database>, name: string, now = Date.now()): Promise<LeaseHolding | null> {
  const row = await db.selectFrom('leases').select(['name', 'holder', 'expires_at']).where('name', '=', name).where('expires_at', '>', now).executeTakeFirst();
  return row ? { name: row.name, holder: row.holder, expiresAt: row.expires_at } : null;
}

/** The names of unexpired leases starting with `prefix` (e.g. `run:`), with their holders. */
export async function liveLeases(db: Kysely<Database>, prefix: string, now = Date.now()): Promise<LeaseHolding[]> {
  const rows = await db.selectFrom('leases').select(['name', 'holder', 'expires_at']).where('name', 'like', `${prefix}%`).where('expires_at', '>', now).execute();
  return rows.map((row) => ({ name: row.name, holder: row.holder, expiresAt: row.expires_at }));
}
