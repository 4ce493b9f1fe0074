import type { SeverityLevel } from '@/lib/catalog/schema';
import type { SeverityTable } from '@/lib/catalog/load';
import { formatDuration } from '@/lib/format';
import type { FiringRule } from './types';

/**
 * How long one has to respond to a firing rule: the configured level's time, or the rule's seed's own time
 * when that seed is stricter (002, 003 and 004 answer their most urgent level within 5 minutes, 000 within 15).
 */
export function respondWithinMinutes(severityTable: SeverityTable, level: SeverityLevel, rule: Pick<FiringRule, 'classification'> | null): number {
  const configured = severityTable[level].respondWithinMinutes;
  return Math.min(configured, rule?.classification?.respondWithinMinutes ?? configured);
}

/** How the seed classifies the rule, in its own terms, e.g. "004: P1 Critical, within 5 min". */
export function describeClassification(c: NonNullable<FiringRule['classification']>): string {
  return `${c.seed}: ${c.level} ${c.name}, within ${formatDuration(c.respondWithinMinutes * 60_000)}`;
}
