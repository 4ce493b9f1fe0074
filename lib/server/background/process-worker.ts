import 'server-only';
import { resolveStoredRun } from '@/lib/actions/action-context';
import { getExecutor } from '@/lib/actions/executors';
import { getActionSettings } from '@/lib/actions/settings';
import type { Actor } from '@/lib/auth/actor';
import { getEnv } from '@/lib/env';
import { runTransitionRecorder } from '@/lib/server/incidents/transition-recorder';
import { sharePmsResults } from '@/lib/server/pms/health';
import { storePmsResults } from '@/lib/server/pms/shared-results';
import { onShutdown } from '@/lib/server/shutdown';
import { getStore } from '@/lib/server/store/store';
import { revertExpiredChanges } from '@/lib/actions/temporary';
import { getAlerts } from '@/lib/server/alertmanager';
import { tendKeptAcknowledgements } from '@/lib/server/kept-acknowledgements';
import { tendMaintenance } from '@/lib/server/maintenance/windows';
import { temporaryDeps } from '@/lib/server/temporary-sweep';
import { approvalExpiryJob, createBackgroundWorker, type BackgroundWorker } from './worker';

// One worker per process, shared by instrumentation (which starts it) and the route handlers (which kick runs).
const holder = globalThis as typeof globalThis & { __voicehiveWorker?: BackgroundWorker };

/** How long after a run finished its recovery may still be judged: the watch window, and a margin past it. */
const WATCH_MARGIN_MS = 2 * 60_000;
const TICK_MS = 5_000;

export function getProcessWorker(): BackgroundWorker {
  if (holder.__voicehiveWorker) return holder.__voicehiveWorker;
  // PMS probes: made by the lease holder every interval and read by every replica's panel from the store.
  const pms = sharePmsResults(storePmsResults(getStore));
  holder.__voicehiveWorker = createBackgroundWorker({
    store: getStore,
    resolve: (run) => {
      const resolved = resolveStoredRun(run);
      return { resolved, executor: getExecutor(resolved.action.kind) };
    },
    // At most: a job due more often (PMS probes every 2 s, say) makes the rounds that often (worker.ts).
    tickMs: TICK_MS,
    watchHorizonMs: getActionSettings().verifyWindowMs + WATCH_MARGIN_MS,
    jobs: [
      approvalExpiryJob(TICK_MS),
      // Severity transitions for incident timelines (issue 17), evaluated by one replica, not by each.
      { name: 'transition-recorder', everyMs: getEnv().INCIDENT_RECORDER_INTERVAL_MS, run: () => runTransitionRecorder() },
      { name: 'pms-probes', everyMs: pms.intervalMs, run: () => pms.probeAll() },
      // Temporary changes set back when their time runs out (issue 14 point 12); the claim in the store makes it once anyway.
      { name: 'temporary-changes', everyMs: 15_000, run: (store) => revertExpiredChanges(store, temporaryDeps()) },
      // Acknowledgements made during an incident, kept alive until its recovery (issue 17).
      { name: 'kept-acknowledgements', everyMs: 60_000, run: async (store) => (getAlerts().canAcknowledge ? tendKeptAcknowledgements(store, getAlerts()) : []) },
      // Maintenance windows (issue 19): active at their start once Alertmanager holds the silences, closed at their end.
      { name: 'maintenance-windows', everyMs: TICK_MS, run: (store) => tendMaintenance(store, getAlerts()) },
    ],
  });
  return holder.__voicehiveWorker;
}

/** Starts this process's worker (instrumentation, once); on shutdown it hands its lease over at once. */
export function startProcessWorker(): BackgroundWorker {
  const worker = getProcessWorker();
  worker.start();
  // Released for the other replicas: the background lease, and the leases of runs this replica only follows.
  onShutdown('background worker and its leases', () => worker.stop(3_000), 'release');
  return worker;
}

/**
 * Starts a run just confirmed or approved, in this process but outside the request, under its run lease: if this
 * replica dies, another one's worker takes the run over. Not awaited: the page follows the run.
 */
export function kickRun(id: string, actor: Actor): void {
  void getProcessWorker().kick(id, actor);
}
