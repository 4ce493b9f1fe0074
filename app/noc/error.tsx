'use client';

import { useEffect } from 'react';
import { describePageError } from '@/components/describe-page-error';
import { nocRecovery, probeConsole, startRecovery } from '@/lib/noc/recovery';
import { NocErrorView } from './_components/noc-error-view';

/**
 * The wall's page broke (a bug, a deployment whose code no longer matches): nobody is there to press
 * "try again", so it reloads itself 30 s later, once the console answers (see startRecovery).
 */
export default function NocError({ error }: { error: unknown; retry: () => void }) {
  useEffect(
    () =>
      startRecovery({
        probe: probeConsole,
        reload: () => window.location.reload(),
        setTimer: (run, ms) => window.setTimeout(run, ms),
        clearTimer: (handle) => window.clearTimeout(handle as number),
      }),
    [],
  );
  return <NocErrorView message={describePageError(error)} reloadAfterMs={nocRecovery.firstDelayMs} />;
}
