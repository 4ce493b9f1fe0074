'use client';

import { describePageError } from '@/components/describe-page-error';
import { ErrorPanel } from '@/components/ui/error-panel';

/** Prometheus could not be read for the check: say so and offer a retry. */
export default function EstateError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel title="The estate could not be checked" message={describePageError(error)} onRetry={retry} />;
}
