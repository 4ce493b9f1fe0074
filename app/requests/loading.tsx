import { Skeleton } from '@/components/ui/skeleton';

/** The shape of My requests while they are read. */
export default function RequestsLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading your requests">
      <Skeleton className="h-7 w-48" />
      <div className="space-y-2 rounded-lg border border-line bg-surface p-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
