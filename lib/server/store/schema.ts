// The store's tables as Kysely sees them. Times are epoch milliseconds (bigint columns, read as numbers
// on both engines); JSON is kept as text so both engines store and hash exactly the same bytes.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '@/lib/catalog/schema';

export type UsersTable = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  source: 'local' | 'oidc';
  /** scrypt hash for local accounts; null for single sign-on accounts. */
  password_hash: string | null;
  /** The identity provider's `iss` + `sub` for single sign-on accounts. */
  oidc_subject: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  last_sign_in_at: number | null;
};

export type SessionsTable = {
  /** sha256 of the cookie value: a copy of the database does not hand out sessions. */
  id: string;
  kind: 'user' | 'display';
  user_id: string | null;
  display_token_id: string | null;
  created_at: number;
  last_seen_at: number;
  /** Absolute end for a person's session; null for a display (it lives as long as its token). */
  expires_at: number | null;
  revoked_at: number | null;
  client_address: string | null;
  user_agent: string | null;
};

export type DisplayTokensTable = {
  id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
};

export type LoginFailuresTable = {
  /** `account:<username>` or `address:<client address>`. */
  key: string;
  failures: number;
  first_failure_at: number;
  last_failure_at: number;
  locked_until: number | null;
};

export type AuditLogTable = {
  seq: number;
  at: number;
  actor: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure' | 'denied';
  client_address: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
};

/** The last record's seq and hash, kept in the same transaction: cutting records off the end shows. */
export type AuditHeadTable = {
  id: Generated<number>;
  seq: number;
  hash: string;
};

export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  display_tokens: DisplayTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
};

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type DisplayToken = Selectable<DisplayTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
