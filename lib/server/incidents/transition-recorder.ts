import 'server-only';
import { randomUUID } from 'node:crypto';
import { onShutdown } from '@/lib/server/shutdown';
import type { Store } from '@/lib/server/store/open-store';
import type { SectionStatus } from '@/lib/severity/section-status';

/** What the timeline shows for a transition: the rule that set the severity, its value against its threshold. */
export function describeEvidence(status: SectionStatus): Record<string, unknown> {
  if (status.firing) return { signal: status.firing.signalName, rule: status.firing.description, value: status.firing.value, threshold: status.firing.threshold, op: status.firing.op, series: status.firing.series, firingSince: status.firingSince };
  if (status.error) return { error: status.error };
  if (status.stale) return { stale: status.stale };
  return { value: status.key.value, signal: status.key.name };
}

/**
 * Writes one row per section whose severity differs from the last one recorded. The check and the write share
 * the store's write lock, so however many callers (viewers, replicas, a restarted process) report the same
 * reading, each change is written once. Returns the rows written.
 */
export async function recordSectionTransitions(store: Store, statuses: readonly SectionStatus[], now = Date.now()): Promise<number> {
  return store.writeTransaction(async (trx) => {
    let written = 0;
    for (const status of statuses) {
      const last = await trx.selectFrom('section_transitions').select(['to_severity', 'at']).where('section_id', '=', status.id).orderBy('at', 'desc').orderBy('id').limit(1).executeTakeFirst();
      if (last?.to_severity === status.severity) continue;
      // A reading older than the last one recorded (a slow evaluation finishing late) changes nothing.
      if (last && last.at > status.evaluatedAt) continue;
      await trx.insertInto('section_transitions').values({ id: randomUUID(), section_id: status.id, at: status.evaluatedAt || now, from_severity: last?.to_severity ?? null, to_severity: status.severity, evidence: JSON.stringify(describeEvidence(status)) }).execute();
      written += 1;
    }
    return written;
  });
}

/**
 * The recorder's job: read every section's evaluation (the overview snapshot the pages are served, made afresh
 * when it is older than a polling interval) and record what
 * changed. One function, so the scheduler (lib/server/scheduler/) can run it as a job with a lease.
 */
export async function runTransitionRecorder(now = Date.now()): Promise<number> {
  const [{ readCurrentOverview }, { getStore }] = await Promise.all([import('@/lib/server/overview-snapshot'), import('@/lib/server/store/store')]);
  // The overview's own evaluation (issue 16): a second one every round doubled Prometheus's queries per interval.
  return recordSectionTransitions(await getStore(), (await readCurrentOverview()).sections, now);
}

const holder = globalThis as typeof globalThis & { __voicehiveTransitionRecorder?: ReturnType<typeof setInterval> };

/** Starts the recorder on an interval (once per process); a failed round is logged and the next one tries again. */
export function startTransitionRecorder(intervalMs: number): void {
  if (holder.__voicehiveTransitionRecorder) return;
  let running = false;
  let lastError = '';
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await runTransitionRecorder();
      lastError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Logged once per distinct failure, not every round while Prometheus is down.
      if (message !== lastError) console.warn(`[incidents] the severity transition recorder failed: ${message}`);
      lastError = message;
    } finally {
      running = false;
    }
  };
  holder.__voicehiveTransitionRecorder = setInterval(() => void round(), intervalMs);
  holder.__voicehiveTransitionRecorder.unref?.();
  // Stopped first at shutdown: no new round starts while the store is being closed.
  onShutdown('severity transition recorder', () => {
    clearInterval(holder.__voicehiveTransitionRecorder);
    holder.__voicehiveTransitionRecorder = undefined;
  }, 'stop-work');
  void round();
}
