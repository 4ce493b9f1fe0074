'use client';

import Link from 'next/link';
import { describePageError } from '@/components/describe-page-error';
import { ErrorPanel } from '@/components/ui/error-panel';

/** The incidents could not be read (the store is down, the incident does not parse): say so and offer a retry. */
export default function IncidentsError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel title="The incidents could not be shown" message={describePageError(error)} onRetry={retry}>
      <Link href="/" className="text-sm font-medium text-accent hover:underline">
        Back to the overview
      </Link>
    </ErrorPanel>
  );
}
