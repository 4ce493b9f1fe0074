import { Skeleton } from '@/components/ui/skeleton';

export default function RoutinesLoading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading the routines">
      <Skeleton className="h-7 w-40" />
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
