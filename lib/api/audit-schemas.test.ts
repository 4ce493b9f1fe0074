import { describe, expect, it } from 'vitest';
import { auditFiltersSchema, auditQuerySchema, auditSearch, parseAuditInstant, pickAuditFilterInput } from './audit-schemas';

const firstIssue = (input: Record<string, string>, schema: typeof auditFiltersSchema | typeof auditQuerySchema = auditFiltersSchema) => {
  const result = schema.safeParse(input);
  return result.success ? null : { field: result.error.issues[0]!.path.join('.'), message: result.error.issues[0]!.message };
};

describe('audit filters', () => {
  it('defaults to 200 records and no filters; empty form fields mean "any"', () => {
    expect(auditFiltersSchema.parse({})).toEqual({ limit: 200 });
    expect(auditFiltersSchema.parse({ actor: '', action: ' ', outcome: '', from: '', to: '', limit: '', before: '' })).toMatchObject({ limit: 200, actor: undefined, outcome: undefined });
  });

  it('accepts each outcome and refuses any other, naming the field', () => {
    expect(auditFiltersSchema.parse({ outcome: 'denied' }).outcome).toBe('denied');
    expect(firstIssue({ outcome: 'ok' })).toEqual({ field: 'outcome', message: 'must be one of success, failure, denied' });
  });

  it('keeps limit within 1..1000 and whole', () => {
    expect(auditFiltersSchema.parse({ limit: '1' }).limit).toBe(1);
    expect(auditFiltersSchema.parse({ limit: '1000' }).limit).toBe(1000);
    expect(firstIssue({ limit: '0' })?.field).toBe('limit');
    expect(firstIssue({ limit: '1001' })?.field).toBe('limit');
    expect(firstIssue({ limit: '2.5' })?.field).toBe('limit');
    expect(firstIssue({ limit: 'lots' })?.field).toBe('limit');
  });

  it('limits actor and action, and action to lowercase letters, dots and dashes', () => {
    expect(auditFiltersSchema.parse({ actor: ' Alice ', action: 'auth.' })).toMatchObject({ actor: 'Alice', action: 'auth.' });
    expect(firstIssue({ actor: 'a'.repeat(65) })?.field).toBe('actor');
    expect(firstIssue({ action: 'auth%' })?.field).toBe('action');
    expect(firstIssue({ action: 'Auth.login' })?.field).toBe('action');
  });

  it('reads dates and date-times as UTC unless an offset is given', () => {
    expect(auditFiltersSchema.parse({ from: '2025-01-31', to: '2025-01-31' })).toMatchObject({ from: Date.UTC(2025, 0, 31), to: Date.UTC(2025, 0, 31, 23, 59, 59, 999) });
    expect(parseAuditInstant('2025-01-31T14:00', 'from')).toBe(Date.UTC(2025, 0, 31, 14));
    expect(parseAuditInstant('2025-01-31 14:00:05.250', 'from')).toBe(Date.UTC(2025, 0, 31, 14, 0, 5, 250));
    expect(parseAuditInstant('2025-01-31T14:00:00+02:00', 'to')).toBe(Date.UTC(2025, 0, 31, 12));
    expect(parseAuditInstant('2025-01-31T14:00Z', 'to')).toBe(Date.UTC(2025, 0, 31, 14));
  });

  it('refuses dates that are not real or not ISO', () => {
    for (const bad of ['2025-02-30', '2025-13-01', '31/01/2025', '2025-01-31T25:00', 'yesterday', '1738281600000']) {
      expect(parseAuditInstant(bad, 'from'), bad).toBeNull();
      expect(firstIssue({ from: bad })?.field, bad).toBe('from');
    }
  });

  it('refuses from after to, naming from', () => {
    expect(firstIssue({ from: '2025-02-01', to: '2025-01-31' })).toEqual({ field: 'from', message: 'must not be after to' });
    expect(firstIssue({ from: '2025-01-31T10:00', to: '2025-01-31' })).toBeNull();
  });

  it('takes a positive record number as the paging cursor', () => {
    expect(auditFiltersSchema.parse({ before: '42' }).before).toBe(42);
    expect(firstIssue({ before: '0' })?.field).toBe('before');
    expect(firstIssue({ before: 'x' })?.field).toBe('before');
  });
});

describe('audit API query', () => {
  it('adds the format (json by default) and refuses unknown parameters', () => {
    expect(auditQuerySchema.parse({ format: 'csv' }).format).toBe('csv');
    expect(auditQuerySchema.parse({}).format).toBe('json');
    expect(firstIssue({ format: 'xml' }, auditQuerySchema)?.field).toBe('format');
    expect(firstIssue({ sql: 'drop' }, auditQuerySchema)?.message).toMatch(/sql/);
  });
});

describe('filter links', () => {
  it('keeps the typed filters, drops empty and unknown ones, and replaces the cursor', () => {
    const input = pickAuditFilterInput({ actor: 'al ice', outcome: '', action: ['auth.', 'x'], page: '3' });
    expect(input).toEqual({ actor: 'al ice', action: 'auth.' });
    expect(auditSearch(input, { before: '10' })).toBe('?actor=al+ice&action=auth.&before=10');
    expect(auditSearch({ before: '10' }, { before: undefined })).toBe('');
  });
});
