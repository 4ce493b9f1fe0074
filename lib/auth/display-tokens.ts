import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Store } from '@/lib/server/store/open-store';
import type { DisplayToken } from '@/lib/server/store/schema';
import type { Actor } from './actor';
import { forgetValidatedSessions } from './session-check';
import { endDisplaySessions } from './sessions';
import { DISPLAY_TOKEN_PREFIX, generateSecret, hashSecret } from './tokens';

export { exchangeDisplayToken, renewDisplaySession } from './display-sign-in';

export const displayTokenNameSchema = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').regex(/^[\w .:()-]+$/, 'may hold letters, digits, spaces and . _ : ( ) -');
const HOUR = 3_600_000;

/**
 * How a token behaves. `first-device` (the default): the first screen to open the link keeps it and a second
 * is refused, so a link that leaks after it was used signs nothing in. `latest-device`: each new screen
 * replaces the last (for a screen that gets reinstalled). An optional lifetime: then it signs nothing in
 * and its screen is told so.
 */
export const displayTokenOptionsSchema = z.object({
  binding: z.enum(['first-device', 'latest-device']).default('first-device'),
  expiresInMs: z.number().int().min(HOUR, 'must be at least an hour').max(366 * 24 * HOUR, 'must be at most 366 days').nullable().default(null),
});
export type DisplayTokenOptions = z.input<typeof displayTokenOptionsSchema>;

export type DisplayTokenSummary = Omit<DisplayToken, 'token_hash'>;
const summaryColumns = ['id', 'name', 'created_by', 'created_at', 'revoked_at', 'revoked_by', 'last_used_at', 'last_used_address', 'binding', 'expires_at', 'bound_at', 'rotated_at'] as const;

function summarizeToken(row: DisplayToken): DisplayTokenSummary {
  return Object.fromEntries(summaryColumns.map((column) => [column, row[column]])) as DisplayTokenSummary;
}

/** Creates a token; the secret is returned this once and only its hash is kept. */
export async function createDisplayToken(store: Store, actor: Actor, nameInput: string, optionsInput: DisplayTokenOptions = {}): Promise<{ token: DisplayTokenSummary; secret: string }> {
  const parsed = displayTokenNameSchema.safeParse(nameInput);
  if (!parsed.success) throw new ApiError('bad-request', `name: ${parsed.error.issues[0]?.message}`, 'name');
  const options = displayTokenOptionsSchema.safeParse(optionsInput);
  if (!options.success) throw fromZodError(options.error, 'options');
  const secret = generateSecret(DISPLAY_TOKEN_PREFIX);
  return store.writeTransaction(async (trx) => {
    const now = Date.now();
    const { binding, expiresInMs } = options.data;
    const row: DisplayToken = {
      id: randomUUID(), name: parsed.data, token_hash: hashSecret(secret), created_by: actor.actor, created_at: now, revoked_at: null, revoked_by: null,
      last_used_at: null, last_used_address: null, binding, expires_at: expiresInMs === null ? null : now + expiresInMs, bound_at: null, rotated_at: null,
    };
    await trx.insertInto('display_tokens').values(row).execute();
    await appendAudit(trx, { ...actor, action: 'token.create', target: row.name, outcome: 'success', detail: { tokenId: row.id, binding, expiresAt: row.expires_at } }, now);
    return { token: summarizeToken(row), secret };
  });
}

export async function listDisplayTokens(store: Store): Promise<DisplayTokenSummary[]> {
  return store.db.selectFrom('display_tokens').select(summaryColumns).orderBy('created_at', 'desc').execute();
}

/** Reads a token by id inside a transaction: 400 for a malformed id, 404 for an unknown one. */
async function findToken(trx: Store['db'], id: string): Promise<DisplayToken> {
  if (!z.uuid().safeParse(id).success) throw new ApiError('bad-request', 'id: must be a token id', 'id');
  const row = await trx.selectFrom('display_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not-found', `id: no display token ${id}`, 'id');
  return row;
}

/** Revokes a token; its displays are refused on their next request (their sessions check the token each time). */
export async function revokeDisplayToken(store: Store, actor: Actor, id: string): Promise<DisplayTokenSummary> {
  return store.writeTransaction(async (trx) => {
    const row = await findToken(trx, id);
    const summary = summarizeToken(row);
    if (row.revoked_at !== null) return summary;
    const now = Date.now();
    await trx.updateTable('display_tokens').set({ revoked_at: now, revoked_by: actor.actor }).where('id', '=', id).execute();
    forgetValidatedSessions();
    await appendAudit(trx, { ...actor, action: 'token.revoke', target: row.name, outcome: 'success', detail: { tokenId: id } }, now);
    return { ...summary, revoked_at: now, revoked_by: actor.actor };
  });
}

/**
 * Rotation: a new secret for the same screen (name, binding, expiry kept). The old secret stops working at
 * once, the screens signed in with it are told so at their next poll, and the binding starts again: the
 * new link binds to the first screen that opens it. The secret is returned this once.
 */
export async function rotateDisplayToken(store: Store, actor: Actor, id: string): Promise<{ token: DisplayTokenSummary; secret: string }> {
  const secret = generateSecret(DISPLAY_TOKEN_PREFIX);
  return store.writeTransaction(async (trx) => {
    const row = await findToken(trx, id);
    if (row.revoked_at !== null) throw new ApiError('conflict', `The token “${row.name}” was revoked; a revoked token cannot be rotated. Create a new one.`);
    const now = Date.now();
    const changes = { token_hash: hashSecret(secret), rotated_at: now, bound_at: null };
    await trx.updateTable('display_tokens').set(changes).where('id', '=', id).execute();
    await endDisplaySessions(trx, id, 'rotated', now);
    await appendAudit(trx, { ...actor, action: 'token.rotate', target: row.name, outcome: 'success', detail: { tokenId: id } }, now);
    return { token: summarizeToken({ ...row, ...changes }), secret };
  });
}
