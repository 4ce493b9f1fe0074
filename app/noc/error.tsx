'use client';

import { describePageError } from '@/components/describe-page-error';
import { useNocRecovery } from '@/lib/client/use-noc-recovery';
import { NocErrorView } from './_components/noc-error-view';

/**
 * The wall's page broke (a bug, a deployment whose code no longer matches): nobody is there to press
 * "try again", so it reloads itself once the console answers, 30 s later, longer when the same error
 * keeps coming back (see useNocRecovery). An error in the /noc layout is caught by app/global-error.tsx.
 */
export default function NocError({ error }: { error: unknown; retry: () => void }) {
  const { delayMs, consecutiveReloads } = useNocRecovery(true);
  return <NocErrorView message={describePageError(error)} reloadAfterMs={delayMs} consecutiveReloads={consecutiveReloads} />;
}
