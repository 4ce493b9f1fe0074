'use client';

import Link from 'next/link';
import { describePageError } from '@/components/describe-page-error';
import { ErrorPanel } from '@/components/ui/error-panel';

/** The routines could not be read (the store is down): say so and offer a retry. */
export default function RoutinesError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel title="The routines could not be shown" message={describePageError(error)} onRetry={retry}>
      <Link href="/" className="text-sm font-medium text-accent hover:underline">
        Back to the overview
      </Link>
    </ErrorPanel>
  );
}
