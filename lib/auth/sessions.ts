import 'server-only';
import type { Kysely } from 'kysely';
import type { Database } from '@/lib/server/store/schema';
import type { DisplayEndStatus } from './display-ends';
import type { PrincipalRole } from './permissions';
import type { Principal } from './principal';
import { forgetValidatedSessions } from './session-check';
import type { SessionPolicy } from './session-policy';
import { generateSecret, hashSecret } from './tokens';

export type SessionMeta = { clientAddress: string | null; userAgent: string | null };

export type SessionLookup =
  | { status: 'active'; principal: Principal }
  | { status: 'none' }
  /**
   * A display that shows nothing any more, and is told why instead of being shown a login page: its token was
   * revoked (display-revoked), or expired (display-token-expired); another screen took the token, or it was
   * rotated (display-replaced); or it went unseen longer than its idle timeout (display-expired: a TV switched
   * off for weeks, whose token may still be good).
   */
  | { status: DisplayEndStatus };

// last_seen_at is written at most this often, so polling does not turn every read into a write.
const TOUCH_EVERY_MS = 60_000;

export async function createUserSession(trx: Kysely<Database>, userId: string, meta: SessionMeta, policy: SessionPolicy, now = Date.now()): Promise<string> {
  const token = generateSecret();
  await trx
    .insertInto('sessions')
    .values({ id: hashSecret(token), kind: 'user', user_id: userId, display_token_id: null, created_at: now, last_seen_at: now, expires_at: now + policy.maxAgeMs, revoked_at: null, client_address: meta.clientAddress, user_agent: meta.userAgent?.slice(0, 300) ?? null })
    .execute();
  return token;
}

/** A display's session, ending at `expiresAt` (its cookie's end: the token's expiry or DISPLAY_SESSION_MAX_AGE, renewed while in use). */
export async function createDisplaySession(trx: Kysely<Database>, tokenId: string, meta: SessionMeta, expiresAt: number, now = Date.now()): Promise<string> {
  const token = generateSecret();
  await trx
    .insertInto('sessions')
    .values({ id: hashSecret(token), kind: 'display', user_id: null, display_token_id: tokenId, created_at: now, last_seen_at: now, expires_at: expiresAt, revoked_at: null, client_address: meta.clientAddress, user_agent: meta.userAgent?.slice(0, 300) ?? null, end_reason: null })
    .execute();
  return token;
}

/** Ends every session of a display token whose token lives on (another screen took it, or it was rotated): they are told so. */
export async function endDisplaySessions(trx: Kysely<Database>, tokenId: string, reason: 'replaced' | 'rotated', now = Date.now()): Promise<void> {
  forgetValidatedSessions();
  await trx.updateTable('sessions').set({ revoked_at: now, end_reason: reason }).where('display_token_id', '=', tokenId).where('revoked_at', 'is', null).execute();
}

/**
 * Looks a session cookie up; anything expired, revoked or disabled is no session at all (a display is told
 * why). `clientAddress`, when known, is kept as the display token's last-used address.
 */
export async function lookUpSession(db: Kysely<Database>, token: string | undefined, policy: SessionPolicy, now = Date.now(), clientAddress: string | null = null): Promise<SessionLookup> {
  if (!token || token.length > 200) return { status: 'none' };
  const id = hashSecret(token);
  const row = await db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('display_tokens', 'display_tokens.id', 'sessions.display_token_id')
    .select([
      'sessions.kind', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.user_id', 'sessions.display_token_id',
      'users.username', 'users.display_name', 'users.role', 'users.disabled_at',
      'sessions.end_reason', 'display_tokens.name as token_name', 'display_tokens.revoked_at as token_revoked_at', 'display_tokens.expires_at as token_expires_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return { status: 'none' };

  if (row.kind === 'display') {
    if (!row.display_token_id || row.token_name === null) return { status: 'none' };
    if (row.token_revoked_at !== null) return { status: 'display-revoked' };
    if (row.revoked_at !== null) return row.end_reason ? { status: 'display-replaced' } : { status: 'none' };
    if (row.token_expires_at !== null && now >= row.token_expires_at) return { status: 'display-token-expired' };
    if (now - row.last_seen_at > policy.displayIdleMs || (row.expires_at !== null && now >= row.expires_at)) return { status: 'display-expired' };
    await touchSession(db, id, row.last_seen_at, now, { tokenId: row.display_token_id, clientAddress });
    return { status: 'active', principal: { kind: 'display', sessionId: id, tokenId: row.display_token_id, name: row.token_name, role: 'display' } };
  }

  if (row.revoked_at !== null) return { status: 'none' };
  if (!row.user_id || row.username === null || row.role === null || row.display_name === null) return { status: 'none' };
  if (row.disabled_at !== null) return { status: 'none' };
  if (now - row.last_seen_at > policy.idleMs || (row.expires_at !== null && now >= row.expires_at)) return { status: 'none' };
  await touchSession(db, id, row.last_seen_at, now);
  return { status: 'active', principal: { kind: 'user', sessionId: id, userId: row.user_id, username: row.username, displayName: row.display_name, role: row.role } };
}

/**
 * Which of these sessions are still usable, and as what role: the same rules as lookUpSession, for many sessions
 * in one query (the open overview streams' re-check, once per tick for all of them, SQLite and PostgreSQL alike).
 * An open stream is use: sessions due a touch get one (one update for all of them), so a wall or a viewer
 * watching the stream does not time out as idle. Missing, revoked, disabled or expired sessions are left out.
 */
export async function findLiveSessions(db: Kysely<Database>, ids: readonly string[], policy: SessionPolicy, now = Date.now()): Promise<Map<string, PrincipalRole>> {
  const live = new Map<string, PrincipalRole>();
  if (ids.length === 0) return live;
  const rows = await db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('display_tokens', 'display_tokens.id', 'sessions.display_token_id')
    .select([
      'sessions.id', 'sessions.kind', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.display_token_id',
      'users.role', 'users.disabled_at', 'display_tokens.name as token_name', 'display_tokens.revoked_at as token_revoked_at', 'display_tokens.expires_at as token_expires_at',
    ])
    .where('sessions.id', 'in', [...ids])
    .execute();
  const due: string[] = [];
  const dueTokens = new Set<string>();
  for (const row of rows) {
    if (row.revoked_at !== null || (row.expires_at !== null && now >= row.expires_at)) continue;
    if (row.kind === 'display') {
      if (!row.display_token_id || row.token_name === null || row.token_revoked_at !== null) continue;
      if ((row.token_expires_at !== null && now >= row.token_expires_at) || now - row.last_seen_at > policy.displayIdleMs) continue;
      live.set(row.id, 'display');
      if (now - row.last_seen_at >= TOUCH_EVERY_MS) dueTokens.add(row.display_token_id);
    } else {
      if (row.role === null || row.disabled_at !== null || now - row.last_seen_at > policy.idleMs) continue;
      live.set(row.id, row.role);
    }
    if (now - row.last_seen_at >= TOUCH_EVERY_MS) due.push(row.id);
  }
  if (due.length > 0) await db.updateTable('sessions').set({ last_seen_at: now }).where('id', 'in', due).execute();
  if (dueTokens.size > 0) await db.updateTable('display_tokens').set({ last_used_at: now }).where('id', 'in', [...dueTokens]).execute();
  return live;
}

async function touchSession(db: Kysely<Database>, id: string, lastSeen: number, now: number, display?: { tokenId: string; clientAddress: string | null }): Promise<void> {
  if (now - lastSeen < TOUCH_EVERY_MS) return;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  if (!display) return;
  const used = display.clientAddress ? { last_used_at: now, last_used_address: display.clientAddress } : { last_used_at: now };
  await db.updateTable('display_tokens').set(used).where('id', '=', display.tokenId).execute();
}

export async function revokeSession(trx: Kysely<Database>, sessionId: string, now = Date.now()): Promise<void> {
  forgetValidatedSessions();
  await trx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(trx: Kysely<Database>, userId: string, now = Date.now()): Promise<void> {
  forgetValidatedSessions();
  await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/**
 * Forgets sessions that can no longer be used (run at each sign-in). An idle display's session is kept (one row
 * per screen), so the screen can still be told "open the display link again" rather than shown a login form;
 * so is, for as long, one ended by another screen or a rotation, so that it can be told that.
 */
export async function pruneSessions(trx: Kysely<Database>, policy: SessionPolicy, now = Date.now()): Promise<void> {
  await trx
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb.and([eb('revoked_at', 'is not', null), eb.or([eb('end_reason', 'is', null), eb('revoked_at', '<', now - policy.displayIdleMs)])]),
        eb('expires_at', '<', now),
        eb.and([eb('kind', '=', 'user'), eb('last_seen_at', '<', now - policy.idleMs)]),
      ]),
    )
    .execute();
}
