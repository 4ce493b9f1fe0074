import { Skeleton } from '@/components/ui/skeleton';
import { PlaceholderTile } from './_components/placeholder-tile';

/** Shown while the overview's server part renders: the shape of the page, nothing pretending to be data. */
export default function OverviewLoading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading the overview">
      <div className="flex items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-8 w-20" />
        ))}
        <Skeleton className="ml-auto h-5 w-32" />
      </div>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(290px,1fr))] gap-3">
        {Array.from({ length: 12 }, (_, i) => (
          <li key={i} className="flex">
            <PlaceholderTile />
          </li>
        ))}
      </ul>
    </div>
  );
}
