import type { SectionStatus } from './section-status';
import { compareSeverity, severityOrder, type Severity } from './types';

/** Worst first, then by title, so the order is stable between polls (server and browser alike). */
export function sortWorstFirst(sections: SectionStatus[]): SectionStatus[] {
  return [...sections].sort((a, b) => compareSeverity(a.severity, b.severity) || a.title.localeCompare(b.title));
}

export function countBySeverity(sections: SectionStatus[]): Record<Severity, number> {
  const counts = Object.fromEntries(severityOrder.map((s) => [s, 0])) as Record<Severity, number>;
  for (const section of sections) counts[section.severity] += 1;
  return counts;
}
