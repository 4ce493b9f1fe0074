'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { computeRecoveryDelay, nocRecovery, probeConsole, startRecovery } from '@/lib/noc/recovery';
import { clearReloadStreak, openSessionStorage, readReloadStreak, recordReload } from '@/lib/noc/reload-streak';

// The streak only changes at a reload, which ends the page: nothing to listen to.
const subscribeToNothing = () => () => undefined;
const readStreak = () => readReloadStreak(openSessionStorage());
const readNoStreak = () => 0;

/**
 * The wall's error screens (app/noc/error.tsx, app/global-error.tsx on /noc): while `active`, wait,
 * probe, reload (see startRecovery), waiting longer after each reload in a row that broke again.
 * Returns the reloads in a row so far and the wait before the first probe, for the screen to say.
 */
export function useNocRecovery(active: boolean): { consecutiveReloads: number; delayMs: number } {
  const consecutiveReloads = useSyncExternalStore(subscribeToNothing, readStreak, readNoStreak);
  useEffect(() => {
    if (!active) return;
    const storage = openSessionStorage();
    return startRecovery(
      {
        probe: () => probeConsole(),
        reload: () => {
          recordReload(storage);
          window.location.reload();
        },
        setTimer: (run, ms) => window.setTimeout(run, ms),
        clearTimer: (handle) => window.clearTimeout(handle as number),
      },
      { firstDelayMs: computeRecoveryDelay(readReloadStreak(storage)), maxDelayMs: nocRecovery.maxDelayMs },
    );
  }, [active]);
  return { consecutiveReloads, delayMs: computeRecoveryDelay(consecutiveReloads) };
}

/**
 * On the working wall: once it has shown data for `healthyAfterMs` without breaking, the reloads in a
 * row are over, and the next error is again repaired in 30 s. Not at the first answer: an error that
 * comes with the data would otherwise never let the wait grow.
 */
export function useNocHealthyReset(hasData: boolean): void {
  useEffect(() => {
    if (!hasData) return;
    const timer = window.setTimeout(() => clearReloadStreak(openSessionStorage()), nocRecovery.healthyAfterMs);
    return () => window.clearTimeout(timer);
  }, [hasData]);
}
