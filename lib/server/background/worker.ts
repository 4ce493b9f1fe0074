import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '@/lib/auth/actor';
import { driveRun, RUN_LEASE_TTL_MS, runLeaseName, type DriveDeps, type DriveOutcome } from '@/lib/actions/run-driver';
import { expireOverdueRuns } from '@/lib/actions/runs';
import { setLeasesHeld } from '@/lib/server/console-metrics';
import { acquireLease, releaseLease } from '@/lib/server/store/leases';
import type { Store } from '@/lib/server/store/open-store';

/**
 * The background work of the console, once across replicas (issue 18). Every replica runs one worker; each
 * round, the worker that holds the `background` lease (renewed each round, taken over when its holder stops
 * renewing, released on shutdown) does the periodic jobs (approval expiry, the severity transition recorder,
 * PMS probes) and adopts runs nobody works on: `executing` runs, and succeeded runs whose rollout or recovery
 * is still being followed, whose own lease (`run:<id>`) is free. A run confirmed or approved on a replica is
 * started there at once (kick), outside the request, under its run lease.
 */

export type BackgroundJob = { name: string; everyMs: number; run: (store: Store) => Promise<unknown> };

export type WorkerOptions = {
  store: () => Promise<Store>;
  resolve: DriveDeps['resolve'];
  holder?: string;
  /** How often a round runs. */
  tickMs?: number;
  /** The `background` lease's time to live: another replica takes over this long after the holder's last round. */
  leaseTtlMs?: number;
  runLeaseTtlMs?: number;
  /** A run is adopted only when it has not moved for this long (its own replica is about to start it). */
  adoptGraceMs?: number;
  /** How long after it finished a succeeded run without a verdict is still worth following (its watch window and some). */
  watchHorizonMs: number;
  jobs?: BackgroundJob[];
  watch?: DriveDeps['watch'];
};

export const BACKGROUND_LEASE = 'background';

export type BackgroundWorker = ReturnType<typeof createBackgroundWorker>;

export function createBackgroundWorker(options: WorkerOptions) {
  const { leaseTtlMs = 20_000, runLeaseTtlMs = RUN_LEASE_TTL_MS, adoptGraceMs = 2_000, jobs = [] } = options;
  // A round at least as often as the most frequent job: with PMS probes due every 2 s and a round every 5 s, the
  // holder probed every 5 s, a panel found the shared result older than two intervals and probed itself, on any
  // replica (gaps in the holder's stream, filled by viewers' probes).
  const tickMs = Math.min(options.tickMs ?? 5_000, ...jobs.map((job) => job.everyMs).filter((ms) => ms > 0));
  const holder = options.holder ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const inFlight = new Map<string, Promise<DriveOutcome>>();
  const lastRun = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<unknown> | null = null;
  let stopped = false;
  let leader = false;

  /** Works on a run in this process unless it already does (another replica's lease is checked by driveRun). */
  function drive(store: Store, id: string, actor?: Actor): Promise<DriveOutcome> {
    const running = inFlight.get(id);
    if (running) return running;
    const driving = driveRun({ store, holder, resolve: options.resolve, actor, leaseTtlMs: runLeaseTtlMs, watch: options.watch }, id)
      .catch((error: unknown) => {
        console.error(`[background] run ${id}: ${error instanceof Error ? error.message : String(error)}`);
        return 'done' as const;
      })
      .finally(() => inFlight.delete(id));
    inFlight.set(id, driving);
    return driving;
  }

  /** Runs nobody has moved for a while that still need work: candidates to adopt (driveRun takes only free ones). */
  async function orphans(store: Store, now: number): Promise<string[]> {
    const rows = await store.db
      .selectFrom('action_runs')
      .select('id')
      .where('updated_at', '<=', now - adoptGraceMs)
      .where((eb) => eb.or([eb('status', '=', 'executing'), eb.and([eb('status', '=', 'succeeded'), eb.or([eb('verdict', 'is', null), eb('progress', 'is', null)]), eb('updated_at', '>', now - options.watchHorizonMs)])]))
      .execute();
    return rows.map((row) => row.id).filter((id) => !inFlight.has(id));
  }

  /** One round: take or keep the `background` lease; if held, the due jobs and the orphaned runs. */
  async function tick(now = Date.now()): Promise<{ leader: boolean; adopted: string[] }> {
    const store = await options.store();
    leader = await acquireLease(store.db, BACKGROUND_LEASE, holder, leaseTtlMs, now);
    setLeasesHeld(BACKGROUND_LEASE, leader);
    if (!leader || stopped) return { leader, adopted: [] };
    for (const job of jobs) {
      if (now - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
      lastRun.set(job.name, now);
      await job.run(store).catch((error: unknown) => console.warn(`[background] ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    const adopted = await orphans(store, now);
    for (const id of adopted) void drive(store, id);
    return { leader, adopted };
  }

  return {
    holder,
    /** How often this worker makes its rounds. */
    tickMs,
    tick,
    isLeader: () => leader,
    /** Starts a run just confirmed or approved here, outside the request; `actor` is audited for its execution. */
    async kick(id: string, actor?: Actor): Promise<DriveOutcome> {
      return drive(await options.store(), id, actor);
    },
    /** The runs this process works on now, and how they end (for tests and shutdown). */
    inFlight: () => [...inFlight.values()],
    start() {
      if (timer || stopped) return;
      const round = () => {
        if (ticking) return;
        ticking = tick()
          .catch((error: unknown) => console.warn(`[background] a round failed: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => (ticking = null));
      };
      timer = setInterval(round, tickMs);
      timer.unref?.();
      round();
    },
    /**
     * Stops taking new work, lets the runs in hand finish for up to `graceMs`, and releases the `background` lease
     * and the leases of runs only being followed, so another replica takes them over at once.
     */
    async stop(graceMs = 10_000): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
      let timeout: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...inFlight.values()]), new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
      clearTimeout(timeout);
      const store = await options.store();
      // Runs still only being followed are handed over now (another replica follows them from where they are;
      // progress and verdict are written once whoever writes them). A run still executing keeps its lease: it is
      // taken over, and its target read back, only once that lease expires.
      const watching = inFlight.size === 0 ? [] : await store.db.selectFrom('action_runs').select('id').where('id', 'in', [...inFlight.keys()]).where('status', '=', 'succeeded').execute().catch(() => []);
      for (const { id } of watching) await releaseLease(store.db, runLeaseName(id), holder).catch(() => undefined);
      await releaseLease(store.db, BACKGROUND_LEASE, holder).catch(() => undefined);
      leader = false;
      setLeasesHeld(BACKGROUND_LEASE, false);
    },
  };
}

/** The approval expiry as a background job: overdue requests end `expired` without anyone opening a page. */
export const approvalExpiryJob = (everyMs: number): BackgroundJob => ({ name: 'approval-expiry', everyMs, run: (store) => expireOverdueRuns(store) });
