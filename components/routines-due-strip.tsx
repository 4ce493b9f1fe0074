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
  const overdue = pending.filter((r) => r.state === 'overdue').length;
  // One line, the list folded: on a phone the firing sections below must stay within the first screen, and a
  // routine never done is overdue by days, which the estate's state should not scroll away.
  return (
    <section aria-label="Routines due" className="rounded-lg border border-line bg-surface px-4 py-2 text-sm" data-testid="routines-due">
      <details>
        <summary className="cursor-pointer">
          <Link href="/routines" className="font-semibold hover:underline">Routines</Link>{' '}
          <span className={overdue > 0 ? 'font-semibold text-sev-p0' : 'text-fg'}>
            {overdue > 0 ? `${overdue} overdue` : null}
            {overdue > 0 && pending.length > overdue ? ', ' : null}
            {pending.length > overdue ? `${pending.length - overdue} due` : null}
          </span>
          {error && !query.data ? <span className="text-muted">could not be read: {describeError(error)}</span> : null}
        </summary>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {pending.map((r) => (
            <li key={r.id}>
              <Link href={`/routines/${r.id}`} className={`hover:underline ${r.state === 'overdue' ? 'font-semibold text-sev-p0' : 'text-fg'}`} data-state={r.state}>
                {r.state === 'overdue' ? '▲ ' : '● '}
                {r.summary}
              </Link>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
