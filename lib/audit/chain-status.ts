import 'server-only';
import type { Store } from '@/lib/server/store/open-store';
import type { ChainProblem } from './chain';
import { verifyAuditLog } from './log';

export type ChainStatus = { records: number; problems: ChainProblem[]; checkedAt: number };

// A full check reads and hashes every record, and on SQLite holds the store's one connection while it
// does: it runs at most once a minute, shared by every auditor viewing the page meanwhile.
const CHECK_EVERY_MS = 60_000;
const holder = globalThis as typeof globalThis & { __voicehiveChainStatus?: { at: number; result: Promise<ChainStatus> } };

export function getAuditChainStatus(store: Store, now = Date.now()): Promise<ChainStatus> {
  const cached = holder.__voicehiveChainStatus;
  if (cached && now - cached.at < CHECK_EVERY_MS) return cached.result;
  const result = verifyAuditLog(store.db).then((r) => ({ ...r, checkedAt: now }));
  holder.__voicehiveChainStatus = { at: now, result };
  // A failed check is not kept: the next view tries again.
  result.catch(() => {
    if (holder.__voicehiveChainStatus?.result === result) holder.__voicehiveChainStatus = undefined;
  });
  return result;
}
