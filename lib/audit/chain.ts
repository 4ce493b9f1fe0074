// The audit log's hash chain. Each record's hash covers its own fields and the previous record's
// hash, so editing, inserting or deleting a record breaks every hash after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One record as stored; `detail` is the JSON text exactly as written (the hash covers those bytes). */
export type AuditRecord = {
  seq: number;
  at: number;
  actor: string;
  actorRole: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  clientAddress: string | null;
  detail: string;
  /**
   * 1: records written before issue 17 (the hash covers the fields above). 2: the hash also covers the
   * version, the section and the incident, so those columns cannot be edited unseen either.
   */
  hashVersion: 1 | 2;
  section: string | null;
  incident: string | null;
};

/** The version new records are written with. */
export const AUDIT_HASH_VERSION: AuditRecord['hashVersion'] = 2;

export type ChainedAuditRecord = AuditRecord & { prevHash: string; hash: string };

export function hashAuditRecord(record: AuditRecord, prevHash: string): string {
  // An array, not an object: the order is fixed, so both engines and every Node version hash the same bytes.
  // Version 1 is hashed exactly as it always was, so records written before the change still verify. A version-2
  // record relabelled as version 1 fails: its stored hash covered the version and the extra fields.
  const fields =
    record.hashVersion === 1
      ? [record.seq, record.at, record.actor, record.actorRole, record.action, record.target, record.outcome, record.clientAddress, record.detail, prevHash]
      : [2, record.seq, record.at, record.actor, record.actorRole, record.action, record.target, record.outcome, record.clientAddress, record.detail, record.section, record.incident, prevHash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainProblem = { seq: number; problem: string };

/**
 * Checks records given in seq order, continuing from `previous` (for reading the log page by page).
 * Returns what is wrong, record by record; an empty list means the chain holds.
 */
export function checkChainSegment(records: readonly ChainedAuditRecord[], previous: { seq: number; hash: string }): { problems: ChainProblem[]; last: { seq: number; hash: string } } {
  const problems: ChainProblem[] = [];
  let last = previous;
  for (const record of records) {
    if (record.seq !== last.seq + 1) {
      problems.push({ seq: record.seq, problem: record.seq > last.seq + 1 ? `records ${last.seq + 1}–${record.seq - 1} are missing (deleted)` : `sequence goes back from ${last.seq} to ${record.seq} (inserted)` });
    }
    if (record.prevHash !== last.hash) {
      problems.push({ seq: record.seq, problem: 'does not follow the record before it (a record was inserted or deleted here)' });
    }
    if (hashAuditRecord(record, record.prevHash) !== record.hash) {
      problems.push({ seq: record.seq, problem: 'its content does not match its hash (edited)' });
    }
    last = { seq: record.seq, hash: record.hash };
  }
  return { problems, last };
}

/** The end of the chain must be the head written with the last record: otherwise records were cut off the end. */
export function checkChainHead(last: { seq: number; hash: string }, head: { seq: number; hash: string } | null): ChainProblem[] {
  if (!head) return last.seq === 0 ? [] : [{ seq: last.seq, problem: 'the chain head is missing' }];
  if (head.seq !== last.seq || head.hash !== last.hash) {
    return [{ seq: head.seq, problem: `the log ends at record ${last.seq} but its head says ${head.seq} (records removed from the end, or the head edited)` }];
  }
  return [];
}
