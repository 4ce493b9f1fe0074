'use client';

import Link from 'next/link';
import { describeError } from '@/lib/client/api';
import { useLiveSection } from '@/lib/client/use-live-section';
import { useNow } from '@/lib/client/use-now';
import { useRunList } from '@/lib/client/use-run-list';
import { RunList } from '@/components/run-list';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

const RECENT = 10;

/** Who did what on this section lately, what became of it and whether the section recovered (issue 15 point 4). */
export function RecentRunsCard({ sectionId, live }: { sectionId: string; live?: { pollMs: number; staleAfterMs: number } }) {
  const { runs, error, updatedAt } = useRunList({ section: sectionId, limit: RECENT });
  // The severity card's own query: the newest verdict is said against the level the card shows.
  const section = useLiveSection({ id: sectionId, pollMs: live?.pollMs ?? 0, staleAfterMs: live?.staleAfterMs ?? 0, enabled: Boolean(live) });
  const now = useNow() ?? updatedAt;
  return (
    <Card as="section" aria-labelledby="recent-runs-heading" data-testid="recent-runs">
      <CardHeader id="recent-runs-heading" title="Recent runs">
        <Link href="/requests" className="text-xs text-accent hover:underline">
          My requests
        </Link>
      </CardHeader>
      {runs === undefined ? (
        error ? <p className="px-4 py-3 text-sm text-sev-unknown-fg">The runs cannot be read: {describeError(error)}</p> : <Skeleton className="m-4 h-10" />
      ) : runs.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted">Nothing has been run on this section yet.</p>
      ) : (
        <RunList runs={runs} now={now} severityNow={section.status?.severity} />
      )}
      {runs !== undefined && error ? <p className="border-t border-line px-4 py-1.5 text-xs text-sev-unknown-fg">Last refresh failed ({describeError(error)}); trying again.</p> : null}
    </Card>
  );
}
