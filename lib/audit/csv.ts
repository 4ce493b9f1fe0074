// Audit records as an auditor downloads them. Pure (no store), so it is tested on its own.
import { stringify } from 'csv-stringify/sync';
import type { ChainedAuditRecord } from './chain';

/** One record as the API and the page show it: `detail` parsed, times still epoch ms. */
export type AuditEntry = Omit<ChainedAuditRecord, 'detail'> & { detail: Record<string, unknown> };

export const auditCsvColumns = ['seq', 'time', 'actor', 'role', 'action', 'target', 'outcome', 'client_address', 'detail', 'hash'] as const;

/**
 * One row per record under a header row. Cells an actor or a client controls (actor, target, detail…)
 * could start with = + - @ tab or CR and run as a formula in a spreadsheet: `escape_formulas` prefixes
 * those with a single quote (numbers are left alone).
 */
export function toAuditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => [
    e.seq,
    new Date(e.at).toISOString(),
    e.actor,
    e.actorRole ?? '',
    e.action,
    e.target ?? '',
    e.outcome,
    e.clientAddress ?? '',
    JSON.stringify(e.detail),
    e.hash,
  ]);
  return stringify(rows, { header: true, columns: [...auditCsvColumns], escape_formulas: true, eof: true });
}

/** The records for a JSON download: times as ISO text next to the epoch ms. */
export function toAuditJson(entries: readonly AuditEntry[]) {
  return entries.map((e) => ({ ...e, time: new Date(e.at).toISOString() }));
}

/** `voicehive-audit-20250131-1405.csv`, in UTC like the CSV's times. */
export function auditExportFilename(extension: 'csv' | 'json', now = Date.now()): string {
  const iso = new Date(now).toISOString();
  return `voicehive-audit-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 13)}${iso.slice(14, 16)}.${extension}`;
}
