import Link from 'next/link';
import { SeverityBadge } from '@/components/severity-badge';
import { Skeleton } from '@/components/ui/skeleton';

/**
 * A section before the first answer: known by name from the catalog, state unknown (never green).
 * Without an error it is loading; with one it says why nothing is shown.
 */
export function PlaceholderTile({ id, title, error }: { id?: string; title?: string; error?: string | null }) {
  return (
    <article
      data-testid="section-tile"
      data-section-id={id}
      data-severity="unknown"
      aria-busy={error ? undefined : true}
      className="relative flex w-full flex-col gap-2 rounded-lg border border-l-4 border-dashed border-line border-l-sev-unknown bg-surface p-3"
    >
      <div className="flex items-start gap-2">
        <SeverityBadge severity="unknown" />
        {title && id ? (
          <h3 className="text-[15px] leading-snug font-semibold">
            <Link href={`/runbooks/${id}`} className="after:absolute after:inset-0">
              {title}
            </Link>
          </h3>
        ) : (
          <Skeleton className="h-5 w-40" />
        )}
      </div>
      <Skeleton className="h-9 w-28" />
      {error ? <p className="text-sm break-words text-sev-unknown-fg">No data yet: {error}</p> : <Skeleton className="h-4 w-3/4" />}
    </article>
  );
}
