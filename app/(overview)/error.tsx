'use client';

import { ErrorPanel } from '@/components/ui/error-panel';
import { describePageError } from '@/components/describe-page-error';

/** The overview could not render (e.g. the catalog failed to load): say so and offer a retry. */
export default function OverviewError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel title="The overview could not be shown" message={describePageError(error)} onRetry={retry} />;
}
