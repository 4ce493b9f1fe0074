import type { SectionStatus } from '@/lib/severity/section-status';
import { describeFiring, formatReading, type SignalWords } from '@/lib/severity/words';

/** A signal's value in its unit, or its state word ("open", "down") for an enumerated gauge or a boolean. */
export function formatSignalValue(value: number | null, signal: SignalWords): string {
  return formatReading(value, signal);
}

/** The words of a section's key signal (its status carries the catalog's state words and subject). */
export function keySignalWords(status: SectionStatus): SignalWords {
  return status.signals.find((s) => s.id === status.key.signalId) ?? { id: status.key.signalId, name: status.key.name, unit: status.key.unit };
}

/** The key value as a tile shows it: "35.5 %", "open". */
export function formatKeyValue(status: SectionStatus): string {
  return formatReading(status.key.value, keySignalWords(status));
}

/** How long the firing rule has held, on `now` (the server's or the browser's clock), for a headline's "for 12 min". */
function firingFor(status: SectionStatus, now: number | null): number | null {
  return status.firingSince !== null && now !== null ? Math.max(0, now - status.firingSince) : null;
}

/**
 * The headline of a firing section: its worst firing rule in words ("PostgreSQL is down",
 * "pms_connector breaker is open for 12 min", "Call success rate 81.2 %, below 95 %"); null while nothing fires.
 */
export function describeHeadline(status: SectionStatus, now: number | null = null): string | null {
  if (!status.firing) return null;
  const signal = status.signals.find((s) => s.id === status.firing?.signalId) ?? { id: status.firing.signalId, name: status.firing.signalName, unit: 'count' as const };
  return describeFiring(status.firing, signal, firingFor(status, now));
}

/**
 * Why a section has its severity, in one line: the firing rule as a sentence, or which signal cannot be
 * read, or that all is within bounds.
 */
export function describeWhy(status: SectionStatus, now: number | null = null): string {
  const headline = describeHeadline(status, now);
  if (headline) return headline;
  if (status.severity === 'unknown') {
    // Unknown because the data is stale: the stale notice next to this says since when and why.
    if (status.stale) return status.error ? 'No fresh data: the last reading is too old to trust' : 'No fresh data: a stale reading cannot show OK';
    const unreadable = status.signals.find((s) => s.severity === 'unknown');
    if (unreadable) return `${unreadable.name}: ${unreadable.reason ?? 'cannot be read'}`;
    return status.error ?? 'no fresh data';
  }
  const count = status.signals.length;
  return count === 1 ? 'Its signal is within thresholds' : `All ${count} signals within thresholds`;
}
