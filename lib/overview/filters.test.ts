import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { formatOverviewFilters, groupByArea, matchesFilters, matchesSearch, MAX_QUERY_LENGTH, parseOverviewFilters } from './filters';

const params = (query: string) => new URLSearchParams(query);

describe('overview filters in the URL', () => {
  it('reads search, levels and grouping, and writes them back in the same form', () => {
    const filters = parseOverviewFilters(params('q=postgres&severity=P1,P0&group=area'));
    expect(filters).toEqual({ q: 'postgres', severities: ['P0', 'P1'], group: 'area' });
    expect(formatOverviewFilters(filters)).toBe('q=postgres&severity=P0%2CP1&group=area');
  });

  it('drops what it does not know rather than failing the page: an unknown level or grouping, an overlong search', () => {
    expect(parseOverviewFilters(params('severity=P9,,ok&group=team'))).toEqual({ q: '', severities: ['ok'], group: 'none' });
    expect(parseOverviewFilters(params(`q=${'x'.repeat(500)}`)).q).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('leaves defaults out of the URL', () => {
    expect(formatOverviewFilters({ q: '  ', severities: [], group: 'none' })).toBe('');
  });
});

describe('search and severity filter', () => {
  const database = { id: 'database', title: 'Database (connections, slow queries, locks)', severity: 'P0' as const, signals: [{ name: 'PostgreSQL up' }] };

  it('finds a section by its title, id, area or a signal name, every word, in any case', () => {
    expect(matchesSearch(database, 'Data stores', 'postgresql')).toBe(true);
    expect(matchesSearch(database, 'Data stores', 'DATA stores')).toBe(true);
    expect(matchesSearch(database, 'Data stores', 'slow locks')).toBe(true);
    expect(matchesSearch(database, 'Data stores', 'slow redis')).toBe(false);
    expect(matchesSearch(database, undefined, '')).toBe(true);
  });

  it('filters by level; no level chosen shows every level', () => {
    expect(matchesFilters(database, 'Data stores', { q: '', severities: ['P0', 'P1'], group: 'none' })).toBe(true);
    expect(matchesFilters(database, 'Data stores', { q: '', severities: ['ok'], group: 'none' })).toBe(false);
    expect(matchesFilters(database, 'Data stores', { q: '', severities: [], group: 'none' })).toBe(true);
  });
});

describe('grouping by area', () => {
  it('puts the group with the worst section first, then the catalog order; unknown sections under Other', () => {
    const areaOf = { a: 'Voice & calls', b: 'Data stores', c: 'Voice & calls' };
    const groups = groupByArea(
      [
        { id: 'b', severity: 'P1' as const },
        { id: 'a', severity: 'ok' as const },
        { id: 'c', severity: 'ok' as const },
        { id: 'new', severity: 'ok' as const },
      ],
      areaOf,
      ['Voice & calls', 'Data stores'],
    );
    expect(groups.map((g) => [g.name, g.worst, g.sections.map((s) => s.id)])).toEqual([
      ['Data stores', 'P1', ['b']],
      ['Voice & calls', 'ok', ['a', 'c']],
      ['Other', 'ok', ['new']],
    ]);
  });

  it('every section of the catalog has an area, and the areas group them (none alone in a group of its own name)', () => {
    const sections = loadCatalog('runbooks');
    const areas = new Set(sections.map((s) => s.area));
    for (const section of sections) expect(section.area.trim(), section.id).not.toBe('');
    expect(areas.size).toBeGreaterThan(1);
    expect(areas.size).toBeLessThan(sections.length);
  });
});
