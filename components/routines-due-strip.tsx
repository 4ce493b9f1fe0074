'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { ConsoleApiError, describeError, requestJson } from '@/lib/client/api';
import { shouldRetry } from '@/lib/client/retry-policy';
import type { RoutineStatus } from '@/lib/server/routines/service';

// Routines due and overdue (issue 19) on the overview: a strip that is there only while one is, polled so
// "Morning checklist overdue by 40 min" keeps counting and goes away once someone completes it.

const POLL_MS = 30_000;

export function RoutinesDueStrip() {
  const query = useQuery<RoutineStatus[]>({
    queryKey: ['routines'],
    queryFn: ({ signal }) => requestJson<{ routines: RoutineStatus[] }>('/api/routines', { signal }).then((b) => b.routines),
    refetchInterval: POLL_MS,
    staleTime: POLL_MS / 2,
    retry: shouldRetry,
  });
  const error = query.error ?? query.failureReason;
  // A role without routine.read sees nothing here (the page shows it to every person).
  if (error instanceof ConsoleApiError && error.status === 403) return null;
  const pending = (query.data ?? []).filter((r) => r.state === 'overdue' || r.state === 'due');
  if (!error && pending.length === 0) return null;
  return (
    <section aria-label="Routines due" className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg border border-line bg-surface px-4 py-2 text-sm" data-testid="routines-due">
      <Link href="/routines" className="font-semibold hover:underline">Routines</Link>
      {pending.map((r) => (
        <Link key={r.id} href={`/routines/${r.id}`} className={`hover:underline ${r.state === 'overdue' ? 'font-semibold text-sev-p0' : 'text-fg'}`} data-state={r.state}>
          {r.state === 'overdue' ? '▲ ' : '● '}
          {r.summary}
        </Link>
      ))}
      {error && !query.data ? <span className="text-muted">could not be read: {describeError(error)}</span> : null}
    </section>
  );
}
