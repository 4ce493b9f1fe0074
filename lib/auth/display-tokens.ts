import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { appendAudit, recordAudit } from '@/lib/audit/log';
import type { Store } from '@/lib/server/store/open-store';
import type { DisplayToken } from '@/lib/server/store/schema';
import type { Actor } from './actor';
import { createDisplaySession, type SessionMeta } from './sessions';
import { generateSecret, hashSecret } from './tokens';

export const displayTokenNameSchema = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').regex(/^[\w .:()-]+$/, 'may hold letters, digits, spaces and . _ : ( ) -');
// The prefix makes a leaked token recognisable (for secret scanners and people).
const TOKEN_PREFIX = 'vhd_';

export type DisplayTokenSummary = Omit<DisplayToken, 'token_hash'>;

function summarizeToken(row: DisplayToken): DisplayTokenSummary {
  return { id: row.id, name: row.name, created_by: row.created_by, created_at: row.created_at, revoked_at: row.revoked_at, revoked_by: row.revoked_by, last_used_at: row.last_used_at };
}

/** Creates a token; the secret is returned this once and only its hash is kept. */
export async function createDisplayToken(store: Store, actor: Actor, nameInput: string): Promise<{ token: DisplayTokenSummary; secret: string }> {
  const parsed = displayTokenNameSchema.safeParse(nameInput);
  if (!parsed.success) throw new ApiError('bad-request', `name: ${parsed.error.issues[0]?.message}`, 'name');
  const secret = generateSecret(TOKEN_PREFIX);
  return store.writeTransaction(async (trx) => {
    const now = Date.now();
    const row: DisplayToken = { id: randomUUID(), name: parsed.data, token_hash: hashSecret(secret), created_by: actor.actor, created_at: now, revoked_at: null, revoked_by: null, last_used_at: null };
    await trx.insertInto('display_tokens').values(row).execute();
    await appendAudit(trx, { ...actor, action: 'token.create', target: row.name, outcome: 'success', detail: { tokenId: row.id } }, now);
    return { token: summarizeToken(row), secret };
  });
}

export async function listDisplayTokens(store: Store): Promise<DisplayTokenSummary[]> {
  return store.db.selectFrom('display_tokens').select(['id', 'name', 'created_by', 'created_at', 'revoked_at', 'revoked_by', 'last_used_at']).orderBy('created_at', 'desc').execute();
}

/** Revokes a token; its displays are refused on their next request (their sessions check the token each time). */
export async function revokeDisplayToken(store: Store, actor: Actor, id: string): Promise<DisplayTokenSummary> {
  if (!z.uuid().safeParse(id).success) throw new ApiError('bad-request', 'id: must be a token id', 'id');
  return store.writeTransaction(async (trx) => {
    const row = await trx.selectFrom('display_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiError('not-found', `id: no display token ${id}`, 'id');
    const summary = summarizeToken(row);
    if (row.revoked_at !== null) return summary;
    const now = Date.now();
    await trx.updateTable('display_tokens').set({ revoked_at: now, revoked_by: actor.actor }).where('id', '=', id).execute();
    await appendAudit(trx, { ...actor, action: 'token.revoke', target: row.name, outcome: 'success', detail: { tokenId: id } }, now);
    return { ...summary, revoked_at: now, revoked_by: actor.actor };
  });
}

/** A display trades its token for a long-lived, read-only display session. */
export async function exchangeDisplayToken(store: Store, secret: string, meta: SessionMeta): Promise<{ sessionToken: string; name: string }> {
  const row = secret.startsWith(TOKEN_PREFIX) && secret.length < 100 ? await store.db.selectFrom('display_tokens').selectAll().where('token_hash', '=', hashSecret(secret)).executeTakeFirst() : undefined;
  const audit = { actorRole: 'display', action: 'auth.display-sign-in', clientAddress: meta.clientAddress };
  if (!row) throw new ApiError('unauthenticated', 'This display token is not valid.'); // proves nothing: not audited (anyone could send many)
  if (row.revoked_at !== null) {
    // A real but revoked token: someone still holds it, which is worth a record.
    await recordAudit(store, { ...audit, actor: `display:${row.name}`, target: row.name, outcome: 'failure', detail: { reason: 'token revoked', tokenId: row.id } });
    throw new ApiError('token-revoked', 'This display token was revoked. Ask an admin for a new one.');
  }
  return store.writeTransaction(async (trx) => {
    const now = Date.now();
    const sessionToken = await createDisplaySession(trx, row.id, meta, now);
    await trx.updateTable('display_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    await appendAudit(trx, { ...audit, actor: `display:${row.name}`, target: row.name, outcome: 'success', detail: { tokenId: row.id } }, now);
    return { sessionToken, name: row.name };
  });
}
