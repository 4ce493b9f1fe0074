import { Skeleton } from '@/components/ui/skeleton';

/** The shape of the approvals page while the requests are read. */
export default function ApprovalsLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the approvals">
      <div className="space-y-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-3 rounded-lg border border-line bg-surface p-4">
        {Array.from({ length: 2 }, (_, i) => (
          <Skeleton key={i} className="h-32 w-full" />
        ))}
      </div>
      <div className="space-y-2 rounded-lg border border-line bg-surface p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
