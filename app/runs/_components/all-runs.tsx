'use client';

import { describeError } from '@/lib/client/api';
import { useNow } from '@/lib/client/use-now';
import { useRunList } from '@/lib/client/use-run-list';
import { RunList } from '@/components/run-list';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

/** The latest runs of every section, polled. */
export function AllRuns({ sectionTitles }: { sectionTitles: Record<string, string> }) {
  const { runs, error, updatedAt } = useRunList({});
  const now = useNow() ?? updatedAt;
  if (runs === undefined) return error ? <p className="text-sm text-sev-unknown-fg">The runs cannot be read: {describeError(error)}</p> : <Skeleton className="h-24 w-full" />;
  return (
    <Card as="section" aria-label="Runs">
      {runs.length === 0 ? <p className="px-4 py-3 text-sm text-muted">Nothing has been run yet.</p> : <RunList runs={runs} now={now} sectionTitles={sectionTitles} />}
      {error ? <p className="border-t border-line px-4 py-1.5 text-xs text-sev-unknown-fg">Last refresh failed ({describeError(error)}); trying again.</p> : null}
    </Card>
  );
}
