'use client';

import Link from 'next/link';
import { describePageError } from '@/components/describe-page-error';
import { ErrorPanel } from '@/components/ui/error-panel';

/** The requests could not be read (e.g. the store is down): say so, offer a retry and the way back. */
export default function RequestsError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel title="Your requests could not be shown" message={describePageError(error)} onRetry={retry}>
      <Link href="/" className="text-sm font-medium text-accent hover:underline">
        Back to the overview
      </Link>
    </ErrorPanel>
  );
}
