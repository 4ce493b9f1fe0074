import { Skeleton } from '@/components/ui/skeleton';

/** The shape of the runs page while it is read. */
export default function RunsLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the runs">
      <Skeleton className="h-7 w-40" />
      <div className="space-y-2 rounded-lg border border-line bg-surface p-4">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
