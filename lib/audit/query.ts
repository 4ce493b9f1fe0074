import 'server-only';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AuditFilters } from '@/lib/api/audit-schemas';
import type { AuditRow, Database } from '@/lib/server/store/schema';
import type { AuditEntry } from './csv';

export type AuditPage = {
  /** Newest first. */
  entries: AuditEntry[];
  /** The `before` cursor for the next (older) page; null when this page reaches the oldest match. */
  nextBefore: number | null;
};

/** `detail` is JSON text written by appendAudit; a record that does not parse is shown, not dropped. */
export function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsed: text };
  }
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actorRole: row.actor_role,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    clientAddress: row.client_address,
    detail: parseDetail(row.detail),
    hashVersion: row.hash_version === 1 ? 1 : 2,
    section: row.section,
    incident: row.incident,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** `%`, `_` and the escape character itself match literally inside a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of matching records, newest first. Same results on SQLite and PostgreSQL (actor match ignores case on both). */
export async function queryAuditLog(db: Kysely<Database>, filters: AuditFilters): Promise<AuditPage> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filters.actor) {
    const pattern = `%${likeLiteral(filters.actor.toLowerCase())}%`;
    // An explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the same backslash.
    query = query.where(sql<SqlBool>`lower(${sql.ref('actor')}) like ${pattern} escape '\\'`);
  }
  const action = filters.action;
  if (action) {
    // The schema allows only [a-z.-], so the value cannot carry a wildcard of its own.
    query = action.endsWith('.')
      ? query.where('action', 'like', `${action}%`)
      : query.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action}.%`)]));
  }
  if (filters.section) query = query.where('section', '=', filters.section);
  if (filters.incident) query = query.where('incident', '=', filters.incident);
  if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
  if (filters.from !== undefined) query = query.where('at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('at', '<=', filters.to);
  if (filters.before !== undefined) query = query.where('seq', '<', filters.before);
  // One more than asked for tells whether an older page exists.
  const rows = await query.orderBy('seq', 'desc').limit(filters.limit + 1).execute();
  const entries = rows.slice(0, filters.limit).map(toAuditEntry);
  return { entries, nextBefore: rows.length > filters.limit ? entries.at(-1)!.seq : null };
}

/** The filters in words people (and the audit log) can read: dates as ISO text, nothing empty. */
export function describeAuditFilters(filters: AuditFilters): Record<string, string | number> {
  const described: Record<string, string | number> = { limit: filters.limit };
  if (filters.actor) described.actor = filters.actor;
  if (filters.action) described.action = filters.action;
  if (filters.section) described.section = filters.section;
  if (filters.incident) described.incident = filters.incident;
  if (filters.outcome) described.outcome = filters.outcome;
  if (filters.from !== undefined) described.from = new Date(filters.from).toISOString();
  if (filters.to !== undefined) described.to = new Date(filters.to).toISOString();
  if (filters.before !== undefined) described.before = filters.before;
  return described;
}
