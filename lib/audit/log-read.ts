import 'server-only';
import type { LogsResponse } from '@/lib/api/workloads-types';
import type { Actor } from '@/lib/auth/actor';
import type { Store } from '@/lib/server/store/open-store';
import { appendAudit } from './log';

/**
 * A log panel polls every few seconds while it is open: one record per poll would bury everything else,
 * so one person's reading of one panel is recorded once per this window (a new record after a pause, or
 * on another panel). The denials (a viewer asking) are recorded by authorize, every time.
 */
export const LOG_READ_AUDIT_WINDOW_MS = 15 * 60_000;

/** Records that `actor` read the pod logs of a log panel (`section/panel`), unless they did within the window. */
export async function recordLogRead(store: Store, actor: Actor, target: string, tail: LogsResponse, now = Date.now()): Promise<void> {
  const recentlyRecorded = (db: Store['db']) =>
    db.selectFrom('audit_log').select('seq').where('actor', '=', actor.actor).where('action', '=', 'logs.read').where('target', '=', target).where('at', '>', now - LOG_READ_AUDIT_WINDOW_MS).limit(1).executeTakeFirst();
  // A plain read first: the polls in between cost no write lock.
  if (await recentlyRecorded(store.db)) return;
  await store.writeTransaction(async (trx) => {
    if (await recentlyRecorded(trx)) return;
    await appendAudit(trx, { ...actor, action: 'logs.read', target, outcome: 'success', detail: { namespace: tail.namespace, selector: tail.selector, filter: tail.filter, pods: tail.pods.map((p) => p.name) } }, now);
  });
}
