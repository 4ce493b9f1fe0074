import { Skeleton } from '@/components/ui/skeleton';

export default function HandoverLoading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading the handover">
      <Skeleton className="h-7 w-40" />
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
