import { describe, expect, it } from 'vitest';
import { auditCsvColumns, auditExportFilename, toAuditCsv, toAuditJson, type AuditEntry } from './csv';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  seq: 7,
  at: Date.UTC(2025, 0, 31, 14, 5, 9),
  actor: 'alice',
  actorRole: 'admin',
  action: 'auth.login',
  target: null,
  outcome: 'success',
  clientAddress: '10.0.0.1',
  detail: { method: 'password' },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  hashVersion: 2,
  section: null,
  incident: null,
  ...overrides,
});

const lines = (csv: string) => csv.trimEnd().split('\n');

describe('audit CSV', () => {
  it('has a header row and one row per record in the documented columns', () => {
    const csv = toAuditCsv([entry()]);
    expect(lines(csv)).toEqual([auditCsvColumns.join(','), `7,2025-01-31T14:05:09.000Z,alice,admin,auth.login,,success,10.0.0.1,"{""method"":""password""}",${'b'.repeat(64)}`]);
    expect(auditCsvColumns).toEqual(['seq', 'time', 'actor', 'role', 'action', 'target', 'outcome', 'client_address', 'detail', 'hash']);
  });

  it('has just the header when there are no records', () => {
    expect(lines(toAuditCsv([]))).toEqual([auditCsvColumns.join(',')]);
  });

  it.each(['=cmd|/c calc', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('prefixes a cell starting with %j with a quote', (value) => {
    const row = lines(toAuditCsv([entry({ actor: value, target: value })])).slice(1).join('\n');
    const cells = row.split(',');
    for (const cell of [cells[2], cells[5]]) expect(cell!.replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves ordinary values, numbers and the JSON detail alone', () => {
    const [, row] = lines(toAuditCsv([entry({ actor: 'bob-smith', detail: { n: -1 } })]));
    expect(row).toContain(',bob-smith,');
    expect(row).toContain('"{""n"":-1}"');
    expect(row!.startsWith('7,')).toBe(true);
  });

  it('quotes commas, quotes and line breaks', () => {
    const [, row] = lines(toAuditCsv([entry({ target: 'a,"b"' })]));
    expect(row).toContain(',"a,""b""",');
  });
});

describe('audit JSON and file names', () => {
  it('adds ISO times next to the epoch ms', () => {
    expect(toAuditJson([entry()])[0]).toMatchObject({ seq: 7, at: Date.UTC(2025, 0, 31, 14, 5, 9), time: '2025-01-31T14:05:09.000Z', detail: { method: 'password' } });
  });

  it('names downloads by UTC minute', () => {
    expect(auditExportFilename('csv', Date.UTC(2025, 0, 31, 4, 7, 59))).toBe('voicehive-audit-20250131-0407.csv');
    expect(auditExportFilename('json', Date.UTC(2025, 11, 1, 23, 59))).toBe('voicehive-audit-20251201-2359.json');
  });
});
