import 'server-only';
import { getExecutor } from '@/lib/actions/executors';
import { revertExpiredChanges, type TemporaryDeps } from '@/lib/actions/temporary';
import { getCatalog } from '@/lib/server/catalog';
import { isShuttingDown } from '@/lib/server/shutdown';
import { getStore } from '@/lib/server/store/store';

/** The catalog and executors the server sets changes back with. */
export function temporaryDeps(): TemporaryDeps {
  return { sections: getCatalog().byId, executorFor: getExecutor };
}

const holder = globalThis as typeof globalThis & { __voicehiveTemporarySweep?: ReturnType<typeof setInterval> };

/**
 * Sets back every temporary change whose time ran out, whoever is watching (issue 14 point 12). Once per process;
 * the claim in the store makes one caller set each change back, however many processes sweep.
 */
export function startTemporarySweep(intervalMs: number): void {
  if (holder.__voicehiveTemporarySweep) return;
  let running = false;
  let lastError = '';
  const round = async () => {
    // A process shutting down starts no write: another replica, or this one after its restart, sets it back.
    if (running || isShuttingDown()) return;
    running = true;
    try {
      await revertExpiredChanges(await getStore(), temporaryDeps());
      lastError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) console.warn(`[actions] setting back temporary changes failed: ${message}`);
      lastError = message;
    } finally {
      running = false;
    }
  };
  holder.__voicehiveTemporarySweep = setInterval(() => void round(), intervalMs);
  holder.__voicehiveTemporarySweep.unref?.();
}
