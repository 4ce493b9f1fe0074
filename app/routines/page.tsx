import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { formatInZone } from '@/lib/routines/format';
import { getRoutinesConfig } from '@/lib/server/routines/config';
import { listRoutineStatuses } from '@/lib/server/routines/service';
import { getStore } from '@/lib/server/store/store';
import { RoutineStateBadge } from './_components/state-badge';

export const metadata: Metadata = { title: 'Routines' };

/** The runbooks' routines: what is due and overdue now, and when each is next due (issue 19). */
export default async function RoutinesPage() {
  await connection();
  await requirePageAccess('routine.read', '/routines');
  const { timeZone } = getRoutinesConfig();
  const routines = await listRoutineStatuses(await getStore());
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Routines</h1>
          <p className="text-sm text-muted">The checks and maintenance the runbooks schedule, in {timeZone} time.</p>
        </div>
        <Link href="/routines/daily-report" className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Daily report</Link>
      </header>
      <ul className="divide-y divide-line rounded-lg border border-line bg-surface" aria-label="Routines">
        {routines.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3" data-routine={r.id} data-state={r.state}>
            <RoutineStateBadge state={r.state} />
            <div className="min-w-0 flex-1">
              <Link href={`/routines/${r.id}`} className="font-medium text-accent hover:underline">{r.title}</Link>
              <p className="text-sm text-muted">
                {r.summary}
                {r.occurrenceAt !== null && r.state !== 'done' ? ` (scheduled ${formatInZone(r.occurrenceAt, timeZone)})` : ''}
                {r.lastCompletedAt !== null ? ` · last done ${formatInZone(r.lastCompletedAt, timeZone)}` : ' · never done here'}
              </p>
            </div>
            <p className="text-sm">Next due {formatInZone(r.nextAt, timeZone)}</p>
            <Link href={`/routines/${r.id}/history`} className="text-sm text-accent hover:underline">History</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
