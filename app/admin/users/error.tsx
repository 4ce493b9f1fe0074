'use client';

import { describePageError } from '@/components/describe-page-error';
import { ErrorPanel } from '@/components/ui/error-panel';

/** The user list could not be read (the store is down, most often): say so and offer a retry. */
export default function UsersError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel title="Users could not be shown" message={describePageError(error)} onRetry={retry} />;
}
