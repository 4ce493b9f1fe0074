import { Skeleton } from '@/components/ui/skeleton';

function SkeletonCard({ lines, className = '' }: { lines: number; className?: string }) {
  return (
    <div className={`space-y-2 rounded-lg border border-line bg-surface p-4 ${className}`}>
      <Skeleton className="h-4 w-32" />
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className="h-4 w-full" />
      ))}
    </div>
  );
}

/** The shape of a section page while its server part renders. */
export default function SectionLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the runbook section">
      <Skeleton className="h-4 w-48" />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(360px,520px)]">
        <div className="space-y-2">
          <Skeleton className="h-7 w-72" />
          <Skeleton className="h-4 w-full max-w-2xl" />
          <Skeleton className="h-4 w-2/3 max-w-xl" />
        </div>
        <SkeletonCard lines={3} className="border-l-4 border-dashed border-l-sev-unknown" />
      </div>
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(380px,560px)]">
        <div className="space-y-4">
          <SkeletonCard lines={4} />
          <Skeleton className="h-64 w-full rounded-lg" />
        </div>
        <div className="space-y-4">
          <SkeletonCard lines={3} />
          <SkeletonCard lines={6} />
        </div>
      </div>
    </div>
  );
}
