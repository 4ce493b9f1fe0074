import { Skeleton } from '@/components/ui/skeleton';

/** The shape of the audit page while the log is read and its chain checked. */
export default function AuditLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the audit log">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-2">
          <Skeleton className="h-7 w-40" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </div>
        <Skeleton className="h-7 w-52" />
      </div>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))] gap-3 rounded-lg border border-line bg-surface p-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-13" />
        ))}
      </div>
      <div className="space-y-2 rounded-lg border border-line bg-surface p-4">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
