import type { Severity } from '@/lib/severity/types';

export type UrgentLevel = 'P0' | 'P1';
export type UrgentSections = ReadonlyMap<string, UrgentLevel>;

/**
 * The sections at P0 or P1, by id. A section that cannot be read now (`unknown`: one failed query)
 * keeps the level it had in `previous`: P1 → unknown → P1 is the same incident, not a new one, and
 * must not flash and beep the wall again at every blip.
 */
export function collectUrgent(sections: readonly { id: string; severity: Severity; maintenance?: unknown }[], previous: UrgentSections | null = null): Map<string, UrgentLevel> {
  const urgent = new Map<string, UrgentLevel>();
  for (const s of sections) {
    // In a maintenance window (issue 19) the wall does not sound for it; once the window ends, a P0 still there is news.
    if (s.maintenance) continue;
    if (s.severity === 'P0' || s.severity === 'P1') urgent.set(s.id, s.severity);
    else if (s.severity === 'unknown') {
      const before = previous?.get(s.id);
      if (before !== undefined) urgent.set(s.id, before);
    }
  }
  return urgent;
}

/**
 * What deserves a sound and a flash: a section that became P0 or P1 since the previous answer, or
 * went from P1 to P0. Never on the first answer (`previous` null): a wall switched on during an
 * incident must not sound as if it had just started.
 */
export function findNewUrgent(previous: UrgentSections | null, current: UrgentSections): { id: string; severity: UrgentLevel }[] {
  if (previous === null) return [];
  const found: { id: string; severity: UrgentLevel }[] = [];
  for (const [id, severity] of current) {
    const before = previous.get(id);
    if (before === undefined || (severity === 'P0' && before === 'P1')) found.push({ id, severity });
  }
  // P0 first: it sets the tone of the alert.
  return found.sort((a, b) => a.severity.localeCompare(b.severity));
}
