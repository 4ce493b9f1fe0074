import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Store } from '@/lib/server/store/open-store';
import { admitLoginAttempt, appendGuessingAlert, pruneLoginFailures, settleSuccessfulLogin, throttleKeys, type ThrottlePolicy } from './login-throttle';
import { verifyAgainstDecoy, verifyPassword } from './password';
import type { SessionPolicy } from './session-policy';
import { createUserSession, pruneSessions, type SessionMeta } from './sessions';

export type SignInResult = { token: string; username: string; role: string };

const REFUSED = 'Wrong username or password.';

/**
 * Local account sign-in. Every attempt is audited; the session is created in the same transaction
 * as its audit record, so a sign-in that cannot be recorded does not happen.
 */
export async function signInWithPassword(
  store: Store,
  input: { username: string; password: string },
  meta: SessionMeta,
  policies: { session: SessionPolicy; throttle: ThrottlePolicy },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const keys = throttleKeys(username, meta.clientAddress, policies.throttle);
  // Until the password is checked nobody is known: a refusal is recorded against the account it named, not as its act.
  const audit = { actor: 'anonymous', actorRole: null, action: 'auth.sign-in' as const, target: username || '(blank)', clientAddress: meta.clientAddress };

  const verdict = await store.writeTransaction((trx) => admitLoginAttempt(trx, keys, policies.throttle));
  if (!verdict.allowed) {
    // Not audited: the refusal checks no password, and recording each one would let anyone fill the
    // log. The failure that set the lock is recorded, with the lock (below).
    const seconds = Math.ceil(verdict.retryAfterMs / 1000);
    throw new ApiError('too-many-requests', verdict.reason === 'locked' ? `Too many failed sign-ins. Try again in ${formatWait(seconds)}.` : `Wait ${formatWait(seconds)} before trying again.`);
  }

  const user = await store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const passwordOk = user?.password_hash ? await verifyPassword(input.password, user.password_hash) : await verifyAgainstDecoy(input.password);
  const refusal = !user ? 'no such account' : user.source !== 'local' ? 'account signs in through single sign-on' : !passwordOk ? 'wrong password' : user.disabled_at !== null ? 'account disabled' : null;
  if (refusal || !user) {
    const locked = verdict.locksIfFailed;
    await store.writeTransaction(async (trx) => {
      await appendAudit(trx, { ...audit, outcome: 'failure', detail: { method: 'password', reason: refusal, ...(locked.length > 0 ? { lockedOut: locked, lockoutSeconds: policies.throttle.lockoutMs / 1000 } : {}) } });
      // Many clients failing on this account: an alert, never a lock (that would let anyone lock anyone out).
      if (await appendGuessingAlert(trx, username, policies.throttle)) console.warn(`[auth] account ${username} is being guessed at from many clients (audit: auth.guessing)`);
    });
    throw new ApiError('unauthenticated', REFUSED);
  }

  const token = await store.writeTransaction(async (trx) => {
    await settleSuccessfulLogin(trx, keys);
    const now = Date.now();
    await pruneSessions(trx, policies.session, now);
    await pruneLoginFailures(trx, policies.throttle, now);
    await trx.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', user.id).execute();
    const sessionToken = await createUserSession(trx, user.id, meta, policies.session, now);
    await appendAudit(trx, { ...audit, actor: user.username, actorRole: user.role, outcome: 'success', detail: { method: 'password' } }, now);
    return sessionToken;
  });
  return { token, username: user.username, role: user.role };
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
