import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return <Skeleton className="h-64 max-w-5xl" />;
}
