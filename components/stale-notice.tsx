import type { SectionStatus } from '@/lib/severity/section-status';
import { formatClock } from '@/lib/format';
import { Icon } from './ui/icon';

/**
 * Why a status cannot be trusted as fresh: "stale since 14:02:11 — prometheus: connection refused",
 * or the error that made it unknown. Renders nothing for a fresh, readable status.
 */
export function StaleNotice({ status, brief = false, className = '' }: { status: Pick<SectionStatus, 'stale' | 'error'>; brief?: boolean; className?: string }) {
  if (!status.stale && !status.error) return null;
  // `brief` when a page-wide banner already gives the reason: only the time, the reason as a tooltip.
  if (brief && status.stale) {
    return (
      <p data-testid="stale-notice" title={status.error ?? status.stale.error} className={`flex items-center gap-1.5 text-xs text-sev-unknown-fg ${className}`}>
        <Icon name="refresh" className="size-3.5" />
        stale since <time dateTime={new Date(status.stale.since).toISOString()}>{formatClock(status.stale.since)}</time>
      </p>
    );
  }
  return (
    <p data-testid="stale-notice" className={`flex items-start gap-1.5 text-xs text-sev-unknown-fg ${className}`}>
      <Icon name="refresh" className="mt-0.5 size-3.5" />
      <span className="min-w-0 break-words">
        {status.stale ? (
          <>
            stale since <time dateTime={new Date(status.stale.since).toISOString()}>{formatClock(status.stale.since)}</time> —{' '}
            {/* Once stale turns unknown the error says so ("… no good data for over 120 s"); show that fuller text. */}
            {status.error ?? status.stale.error}
          </>
        ) : (
          status.error
        )}
      </span>
    </p>
  );
}
