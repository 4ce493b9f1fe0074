import 'server-only';
import type { AuditAction } from '@/lib/audit/actions';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import { roleSchema, type Role } from '@/lib/catalog/schema';
import type { Store } from '@/lib/server/store/open-store';
import type { User } from '@/lib/server/store/schema';
import type { Actor } from './actor';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { revokeUserSessions } from './sessions';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'must be 2–64 characters: letters, digits, . _ @ -');
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

/** A user as the API and the CLI show it: never the password hash. */
export type UserSummary = Pick<User, 'id' | 'username' | 'display_name' | 'email' | 'role' | 'source' | 'created_at' | 'disabled_at' | 'last_sign_in_at'>;

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('bad-request', `${field}: ${result.error.issues[0]?.message ?? 'invalid'}`, field);
  return result.data;
}

export async function addLocalUser(store: Store, actor: Actor, input: { username: string; role: Role; password: string; displayName?: string }): Promise<UserSummary> {
  const username = parseOrThrow(usernameSchema, input.username, 'username');
  const role = parseOrThrow(roleSchema, input.role, 'role');
  const password = parseOrThrow(passwordSchema, input.password, 'password');
  const passwordHash = await hashPassword(password);
  return store.writeTransaction(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (existing) throw new ApiError('conflict', `username: a user named ${username} already exists`, 'username');
    const now = Date.now();
    const user: User = { id: randomUUID(), username, display_name: input.displayName?.trim() || username, email: null, role, source: 'local', password_hash: passwordHash, oidc_subject: null, created_at: now, updated_at: now, disabled_at: null, last_sign_in_at: null };
    await trx.insertInto('users').values(user).execute();
    await appendAudit(trx, { ...actor, action: 'user.create', target: username, outcome: 'success', detail: { role, source: 'local' } }, now);
    return summarize(user);
  });
}

export async function listUsers(store: Store): Promise<UserSummary[]> {
  const rows = await store.db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(summarize);
}

export async function setUserRole(store: Store, actor: Actor, usernameInput: string, roleInput: Role): Promise<UserSummary> {
  const role = parseOrThrow(roleSchema, roleInput, 'role');
  return updateUser(store, actor, usernameInput, 'user.set-role', (user) => ({ changes: { role }, detail: { from: user.role, to: role } }));
}

export async function setUserDisabled(store: Store, actor: Actor, usernameInput: string, disabled: boolean): Promise<UserSummary> {
  return updateUser(store, actor, usernameInput, disabled ? 'user.disable' : 'user.enable', (_user, now) => ({ changes: { disabled_at: disabled ? now : null }, revokeSessions: disabled }));
}

export async function setUserPassword(store: Store, actor: Actor, usernameInput: string, passwordInput: string): Promise<UserSummary> {
  const passwordHash = await hashPassword(parseOrThrow(passwordSchema, passwordInput, 'password'));
  return updateUser(store, actor, usernameInput, 'user.set-password', (user) => {
    if (user.source !== 'local') throw new ApiError('bad-request', `username: ${user.username} signs in through single sign-on and has no password here`, 'username');
    return { changes: { password_hash: passwordHash }, revokeSessions: true };
  });
}

/** Lifts a sign-in lockout before it ends by itself (the account's failure count starts again). */
export async function unlockUser(store: Store, actor: Actor, usernameInput: string): Promise<{ username: string; wasLocked: boolean }> {
  const username = parseOrThrow(usernameSchema, usernameInput, 'username');
  return store.writeTransaction(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new ApiError('not-found', `username: no user named ${username}`, 'username');
    const now = Date.now();
    // Every client's lock on this account (and the account's count), wherever the failures came from.
    const rows = await trx.selectFrom('login_failures').select('locked_until').where('account', '=', username).execute();
    await trx.deleteFrom('login_failures').where('account', '=', username).execute();
    const wasLocked = rows.some((row) => row.locked_until !== null && row.locked_until > now);
    await appendAudit(trx, { ...actor, action: 'user.unlock', target: username, outcome: 'success', detail: { wasLocked } }, now);
    return { username, wasLocked };
  });
}

type UserChange = { changes: Partial<Pick<User, 'role' | 'disabled_at' | 'password_hash'>>; detail?: Record<string, unknown>; revokeSessions?: boolean };

/** Reads, changes and audits one user in one transaction: the audit record and the change land together or not at all. */
async function updateUser(store: Store, actor: Actor, usernameInput: string, action: AuditAction, change: (user: User, now: number) => UserChange): Promise<UserSummary> {
  const username = parseOrThrow(usernameSchema, usernameInput, 'username');
  return store.writeTransaction(async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!user) throw new ApiError('not-found', `username: no user named ${username}`, 'username');
    const now = Date.now();
    const { changes, detail, revokeSessions } = change(user, now);
    await trx.updateTable('users').set({ ...changes, updated_at: now }).where('id', '=', user.id).execute();
    // Taking a role away or disabling someone must not wait for their session to time out.
    if (revokeSessions || changes.role) await revokeUserSessions(trx, user.id, now);
    await appendAudit(trx, { ...actor, action, target: username, outcome: 'success', detail: detail ?? {} }, now);
    return summarize({ ...user, ...changes, updated_at: now });
  });
}

function summarize(user: User): UserSummary {
  const { id, username, display_name, email, role, source, created_at, disabled_at, last_sign_in_at } = user;
  return { id, username, display_name, email, role, source, created_at, disabled_at, last_sign_in_at };
}
