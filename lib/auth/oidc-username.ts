import 'server-only';
// The console username a single sign-on person gets when their account is first made; it never
// changes afterwards (audit records name it).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@/lib/server/store/schema';
import { usernameSchema } from './users';

/** A claim as a console username (lib/auth/users.ts rules: 2–64 of a-z 0-9 . _ @ -, starting with a letter or digit), or null. */
export function toUsername(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return usernameSchema.safeParse(cleaned).success ? cleaned : null;
}

/** preferred_username, then email, then sub, as usernames; the first that survives sanitising is tried first. */
export function usernameCandidates(claims: Record<string, unknown>): string[] {
  const names = [claims.preferred_username, claims.email, claims.sub].map(toUsername).filter((n): n is string => n !== null);
  return [...new Set(names)];
}

/**
 * A username nobody has yet: a local account (or another provider subject) of the same name is never
 * taken over; the newcomer gets `name-2`, `name-3`, …
 */
export async function pickFreeUsername(trx: Kysely<Database>, candidates: string[], subject: string): Promise<string> {
  const base = candidates[0] ?? `sso-${createHash('sha256').update(subject).digest('hex').slice(0, 12)}`;
  for (let n = 1; n <= 100; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    const taken = await trx.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst();
    if (!taken) return name;
  }
  return `sso-${randomBytes(8).toString('hex')}`;
}
