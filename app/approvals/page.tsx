import type { Metadata } from 'next';
import { listRuns } from '@/lib/actions/runs';
import { requirePageAccess } from '@/lib/auth/page-access';
import { describePrincipal } from '@/lib/auth/principal';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { getStore } from '@/lib/server/store/store';
import { ApprovalsBoard } from './_components/approvals-board';

export const metadata: Metadata = { title: 'Approvals' };

// The same list GET /api/actions/runs answers, so the first render and the poll that follows agree.
async function loadRuns() {
  const runs = await listRuns(await getStore(), { limit: 100 });
  return { runs, renderedAt: Date.now() };
}

/** Requests waiting for a second person, each with the exact change; and what became of the recent ones. */
export default async function ApprovalsPage() {
  const principal = await requirePageAccess('action.approve', '/approvals');
  const env = getEnv();
  const { runs, renderedAt } = await loadRuns();
  const sectionTitles = Object.fromEntries([...getCatalog().byId.values()].map((section) => [section.id, section.title]));
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Approvals</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          Changes another person asked for that need a second person. You approve the exact change shown; if the object changes before it runs, the request is refused and must be made again.
        </p>
      </header>
      <ApprovalsBoard initialRuns={runs} renderedAt={renderedAt} me={describePrincipal(principal)} sectionTitles={sectionTitles} live={{ pollMs: env.POLL_INTERVAL_MS, staleAfterMs: env.STALE_UNKNOWN_AFTER_MS }} />
    </div>
  );
}
