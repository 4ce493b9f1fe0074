import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Store } from '@/lib/server/store/open-store';
import { formatDuration } from '@/lib/format';
import type { Principal } from './principal';
import { computeDisplaySessionEnd, getSessionPolicy, type SessionPolicy } from './session-policy';
import { createDisplaySession, endDisplaySessions, type SessionMeta } from './sessions';
import { DISPLAY_TOKEN_PREFIX, hashSecret } from './tokens';


/**
 * A display trades its token for a read-only display session, once per screen: a `first-device` token that
 * already signed a screen in refuses a second (and records it: someone holds a used link), a
 * `latest-device` one signs the previous screen out. An expired or revoked token signs nothing in.
 * `endsAt` is when the session, and its cookie, end (renewed while in use: renewDisplaySession).
 * `screenCookie`: the session cookie the browser already holds, if any: the bound screen opening its own
 * link again (a reboot) keeps that session, renewed, instead of being refused as a second screen.
 */
export async function exchangeDisplayToken(
  store: Store,
  secret: string,
  meta: SessionMeta & { screenCookie?: string },
  policy: Pick<SessionPolicy, 'displayMaxAgeMs'> = getSessionPolicy(),
): Promise<{ sessionToken: string; name: string; endsAt: number }> {
  const found = secret.startsWith(DISPLAY_TOKEN_PREFIX) && secret.length < 100 ? await store.db.selectFrom('display_tokens').select('id').where('token_hash', '=', hashSecret(secret)).executeTakeFirst() : undefined;
  if (!found) throw new ApiError('unauthenticated', 'This display token is not valid.'); // proves nothing: not audited (anyone could send many)
  // Refusals are recorded in a transaction that commits; the error is thrown after it.
  const outcome = await store.writeTransaction(async (trx) => {
    const row = await trx.selectFrom('display_tokens').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
    const now = Date.now();
    const audit = { actor: `display:${row.name}`, actorRole: 'display', action: 'auth.display-sign-in' as const, target: row.name, clientAddress: meta.clientAddress };
    const refuse = async (reason: string, error: ApiError, extra: Record<string, unknown> = {}) => {
      // A real token that signs nothing in: someone still holds it, which is worth a record.
      await appendAudit(trx, { ...audit, outcome: 'failure', detail: { reason, tokenId: row.id, ...extra } }, now);
      return error;
    };
    if (row.revoked_at !== null) return refuse('token revoked', new ApiError('token-revoked', 'This display token was revoked. Ask an admin for a new one.'));
    if (row.expires_at !== null && now >= row.expires_at) return refuse('token expired', new ApiError('token-expired', "This display's token expired. Ask an admin for a new display link."));
    // The screen this token is bound to, opening its link again (a reboot): the same device, its session renewed.
    const own = meta.screenCookie ? await trx.selectFrom('sessions').select('id').where('id', '=', hashSecret(meta.screenCookie)).where('display_token_id', '=', row.id).where('revoked_at', 'is', null).executeTakeFirst() : undefined;
    if (own && meta.screenCookie) {
      const endsAt = computeDisplaySessionEnd(row.expires_at, policy, now);
      await trx.updateTable('sessions').set({ expires_at: endsAt, last_seen_at: now }).where('id', '=', own.id).execute();
      await trx.updateTable('display_tokens').set({ last_used_at: now, last_used_address: meta.clientAddress }).where('id', '=', row.id).execute();
      await appendAudit(trx, { ...audit, outcome: 'success', detail: { tokenId: row.id, binding: row.binding, sameScreen: true } }, now);
      return { sessionToken: meta.screenCookie, name: row.name, endsAt };
    }
    if (row.binding === 'first-device' && row.bound_at !== null) {
      return refuse('token already bound to another screen', new ApiError('token-in-use', `This display link already signed a screen in (${formatDuration(now - row.bound_at)} ago). Each link signs in one screen: ask an admin to rotate it, or to create one for this screen.`), { boundAt: row.bound_at });
    }
    if (row.binding === 'latest-device') await endDisplaySessions(trx, row.id, 'replaced', now);
    const endsAt = computeDisplaySessionEnd(row.expires_at, policy, now);
    const sessionToken = await createDisplaySession(trx, row.id, meta, endsAt, now);
    await trx.updateTable('display_tokens').set({ last_used_at: now, last_used_address: meta.clientAddress, bound_at: row.bound_at ?? now }).where('id', '=', row.id).execute();
    await appendAudit(trx, { ...audit, outcome: 'success', detail: { tokenId: row.id, binding: row.binding } }, now);
    return { sessionToken, name: row.name, endsAt };
  });
  if (outcome instanceof ApiError) throw outcome;
  return outcome;
}

/**
 * A screen in use pushes its session's end (and its cookie's) out again: DISPLAY_SESSION_MAX_AGE from now,
 * never past its token's expiry. Returns the new end, or null for a person's session (nothing to renew).
 */
export async function renewDisplaySession(store: Store, principal: Principal, policy: Pick<SessionPolicy, 'displayMaxAgeMs'> = getSessionPolicy()): Promise<number | null> {
  if (principal.kind !== 'display') return null;
  const token = await store.db.selectFrom('display_tokens').select('expires_at').where('id', '=', principal.tokenId).executeTakeFirstOrThrow();
  const endsAt = computeDisplaySessionEnd(token.expires_at, policy);
  await store.db.updateTable('sessions').set({ expires_at: endsAt }).where('id', '=', principal.sessionId).where('revoked_at', 'is', null).execute();
  return endsAt;
}

