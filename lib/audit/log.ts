import 'server-only';
import type { Kysely } from 'kysely';
import type { Store } from '@/lib/server/store/open-store';
import type { AuditRow, Database } from '@/lib/server/store/schema';
import type { AuditAction } from './actions';
import { AUDIT_HASH_VERSION, checkChainHead, checkChainSegment, GENESIS_HASH, hashAuditRecord, type AuditOutcome, type ChainProblem, type ChainedAuditRecord } from './chain';

/** What a caller says happened; the log adds the time, the sequence number and the hashes. */
export type AuditEvent = {
  actor: string;
  actorRole?: string | null;
  action: AuditAction;
  target?: string | null;
  outcome: AuditOutcome;
  clientAddress?: string | null;
  detail?: Record<string, unknown>;
  /** The runbook section the record is about; taken from `detail.section` when not given. */
  section?: string | null;
  /** The incident the record belongs to (INC-<year>-<n>). */
  incident?: string | null;
};

function sectionOf(event: AuditEvent): string | null {
  if (event.section !== undefined) return event.section;
  const fromDetail = event.detail?.section;
  return typeof fromDetail === 'string' ? fromDetail : null;
}

/**
 * Appends one record. Must run inside `store.writeTransaction`, together with the change it records:
 * if the record cannot be written, the change is rolled back with it.
 */
export async function appendAudit(trx: Kysely<Database>, event: AuditEvent, now = Date.now()): Promise<ChainedAuditRecord> {
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const prevHash = head?.hash ?? GENESIS_HASH;
  const record = {
    seq: (head?.seq ?? 0) + 1,
    at: now,
    actor: event.actor,
    actorRole: event.actorRole ?? null,
    action: event.action,
    target: event.target ?? null,
    outcome: event.outcome,
    clientAddress: event.clientAddress ?? null,
    detail: JSON.stringify(event.detail ?? {}),
    hashVersion: AUDIT_HASH_VERSION,
    section: sectionOf(event),
    incident: event.incident ?? null,
  };
  const hash = hashAuditRecord(record, prevHash);
  await trx
    .insertInto('audit_log')
    .values({ seq: record.seq, at: record.at, actor: record.actor, actor_role: record.actorRole, action: record.action, target: record.target, outcome: record.outcome, client_address: record.clientAddress, detail: record.detail, hash_version: record.hashVersion, section: record.section, incident: record.incident, prev_hash: prevHash, hash })
    .execute();
  if (head) await trx.updateTable('audit_head').set({ seq: record.seq, hash }).where('id', '=', 1).execute();
  else await trx.insertInto('audit_head').values({ id: 1, seq: record.seq, hash }).execute();
  return { ...record, prevHash, hash };
}

/** Records an event that changes nothing else (a refused sign-in, a denial). */
export function recordAudit(store: Store, event: AuditEvent): Promise<ChainedAuditRecord> {
  return store.writeTransaction((trx) => appendAudit(trx, event));
}

export function toChainedRecord(row: AuditRow): ChainedAuditRecord {
  return { seq: row.seq, at: row.at, actor: row.actor, actorRole: row.actor_role, action: row.action, target: row.target, outcome: row.outcome, clientAddress: row.client_address, detail: row.detail, hashVersion: row.hash_version === 1 ? 1 : 2, section: row.section, incident: row.incident, prevHash: row.prev_hash, hash: row.hash };
}

const VERIFY_PAGE = 1_000;

/** Walks the whole log, a page at a time, and reports every record that breaks the chain. */
export function verifyAuditLog(db: Kysely<Database>): Promise<{ records: number; problems: ChainProblem[] }> {
  // One snapshot for every page and the head (repeatable read on PostgreSQL; on SQLite a transaction reads one
  // snapshot): a record appended between reading the log and reading its head would look like records cut off the end.
  return db.transaction().setIsolationLevel('repeatable read').execute((trx) => verifyInSnapshot(trx));
}

async function verifyInSnapshot(db: Kysely<Database>): Promise<{ records: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  let last = { seq: 0, hash: GENESIS_HASH };
  let records = 0;
  for (let after = -1; ; ) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(VERIFY_PAGE).execute();
    if (rows.length === 0) break;
    const segment = checkChainSegment(rows.map(toChainedRecord), last);
    problems.push(...segment.problems);
    last = segment.last;
    records += rows.length;
    after = rows.at(-1)!.seq;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  problems.push(...checkChainHead(last, head ?? null));
  return { records, problems };
}
