import type { SectionStatus } from '@/lib/severity/section-status';
import type { SignalStatus } from '@/lib/severity/types';
import { chooseBooleanWords, formatFiringRule, formatValue } from '@/lib/format';

/** A signal's value in its unit, with liveness words for booleans ("up"/"down"). */
export function formatSignalValue(value: number | null, signal: Pick<SignalStatus, 'id' | 'name' | 'unit'>): string {
  return formatValue(value, signal.unit, chooseBooleanWords(`${signal.id} ${signal.name}`));
}

/**
 * Why a section has its severity, in one line: the firing rule with its value against the threshold
 * ("Call success rate 81.2 % < 95 %"), or which signal cannot be read, or that all is within bounds.
 */
export function describeWhy(status: SectionStatus): string {
  if (status.firing) {
    const signal = status.signals.find((s) => s.id === status.firing?.signalId);
    return formatFiringRule(status.firing, status.firing.signalName, signal?.unit ?? 'count', chooseBooleanWords(`${status.firing.signalId} ${status.firing.signalName}`));
  }
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
