import type { SectionStatus } from '@/lib/severity/section-status';
import { compareSeverity, severityOrder, worstSeverity, type Severity } from '@/lib/severity/types';

/**
 * The overview's search, severity filter and grouping (issue 15 point 6), kept in the URL query so a link
 * keeps them: `?q=postgres&severity=P0,P1&group=area`. Anything the query says that is not one of these
 * (an unknown level, an unknown grouping) is dropped rather than failing the page: a mangled link still
 * opens the overview.
 */
export type OverviewFilters = {
  /** Words to find in a section's title, id, area or signal names; empty finds everything. */
  q: string;
  /** Levels to show; empty shows every level. */
  severities: Severity[];
  group: OverviewGrouping;
};

export const overviewGroupings = ['none', 'area'] as const;
export type OverviewGrouping = (typeof overviewGroupings)[number];

/** Longer searches are cut: nobody types a paragraph, and the URL stays short. */
export const MAX_QUERY_LENGTH = 100;

type Params = { get(name: string): string | null };

export function parseOverviewFilters(params: Params): OverviewFilters {
  const q = (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH);
  const wanted = new Set((params.get('severity') ?? '').split(',').map((s) => s.trim()));
  const severities = severityOrder.filter((s) => wanted.has(s));
  const group = params.get('group');
  return { q, severities, group: overviewGroupings.find((g) => g === group) ?? 'none' };
}

/** The query string for `filters`, without the parts at their defaults ('' when all are). */
export function formatOverviewFilters(filters: OverviewFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q);
  if (filters.severities.length > 0) params.set('severity', severityOrder.filter((s) => filters.severities.includes(s)).join(','));
  if (filters.group !== 'none') params.set('group', filters.group);
  return params.toString();
}

export function isFiltering(filters: OverviewFilters): boolean {
  return filters.q.trim() !== '' || filters.severities.length > 0;
}

type Searchable = Pick<SectionStatus, 'id' | 'title'> & { signals?: readonly { name: string }[] };

/** Every word of the search appears in the section's title, id, area or one of its signal names (any case). */
export function matchesSearch(section: Searchable, area: string | undefined, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [section.title, section.id, area ?? '', ...(section.signals ?? []).map((s) => s.name)].join('\n').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function matchesFilters(section: Searchable & Pick<SectionStatus, 'severity'>, area: string | undefined, filters: OverviewFilters): boolean {
  if (filters.severities.length > 0 && !filters.severities.includes(section.severity)) return false;
  return matchesSearch(section, area, filters.q);
}

export type SectionGroup<T> = { name: string; worst: Severity; sections: T[] };

/**
 * Sections by area, each group keeping the sections' order (worst first from the server); groups with the
 * worst section first, then in the catalog's order of areas. A section the catalog does not know (a newer
 * server than the page) goes under "Other".
 */
export function groupByArea<T extends Pick<SectionStatus, 'id' | 'severity'>>(sections: readonly T[], areaOf: Record<string, string>, areaOrder: readonly string[]): SectionGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const section of sections) {
    const name = areaOf[section.id] ?? 'Other';
    groups.set(name, [...(groups.get(name) ?? []), section]);
  }
  const rank = (name: string) => (areaOrder.includes(name) ? areaOrder.indexOf(name) : areaOrder.length);
  return [...groups]
    .map(([name, list]) => ({ name, worst: worstSeverity(list.map((s) => s.severity)), sections: list }))
    .sort((a, b) => compareSeverity(a.worst, b.worst) || rank(a.name) - rank(b.name));
}
