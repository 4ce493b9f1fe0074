import type { SectionStatus } from '@/lib/severity/section-status';
import { RelativeTime } from './relative-time';

/** "firing 12 min" (or "firing ≥ 6 h" when the rule held over all the history looked at). */
export function FiringSince({ status, className }: { status: Pick<SectionStatus, 'firingSince' | 'firingSinceBound'>; className?: string }) {
  if (status.firingSince === null) return null;
  return <RelativeTime at={status.firingSince} prefix="firing " atLeast={status.firingSinceBound === 'at-least'} className={className} />;
}
