import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return <Skeleton className="h-96 max-w-5xl" />;
}
