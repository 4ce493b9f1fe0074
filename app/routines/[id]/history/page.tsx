import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { routineIdSchema } from '@/lib/api/routine-schemas';
import { drillTrend, formatMinutes } from '@/lib/routines/drill';
import { describeFigure, formatInZone } from '@/lib/routines/format';
import { findRoutine, getRoutinesConfig } from '@/lib/server/routines/config';
import { buildRoutineHistory } from '@/lib/server/routines/service';
import { getStore } from '@/lib/server/store/store';
import { AnswerBadge } from '../../_components/state-badge';
import { DrillTrendChart } from './drill-trend-chart';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `${findRoutine(id)?.title ?? 'Routine'} history` };
}

/** Each completion: who, when, what was noted, the answers at completion time; for the DR drill the trend against RTO/RPO. */
export default async function RoutineHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  await requirePageAccess('routine.read', `/routines/${id}/history`);
  if (!routineIdSchema.safeParse(id).success || !findRoutine(id)) notFound();
  const { timeZone } = getRoutinesConfig();
  const history = await buildRoutineHistory(await getStore(), id);
  const drills = history.completions.filter((c) => c.verdict).map((c) => ({ at: c.completedAt, ...c.verdict! })).reverse();
  const trend = drillTrend(drills);
  return (
    <div className="space-y-4">
      <header>
        <p className="text-sm"><Link href="/routines" className="text-accent hover:underline">Routines</Link> / <Link href={`/routines/${id}`} className="text-accent hover:underline">{history.routine.title}</Link></p>
        <h1 className="text-2xl font-semibold tracking-tight">{history.routine.title}: history</h1>
        <p className="text-sm text-muted">{history.routine.summary}. {history.completions.length} completion{history.completions.length === 1 ? '' : 's'} kept.</p>
      </header>
      {history.drill ? (
        <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="h-drills">
          <h2 id="h-drills" className="font-semibold">Recovery against the targets (RTO {formatMinutes(history.drill.rtoMinutes)}, RPO {formatMinutes(history.drill.rpoMinutes)})</h2>
          {drills.length === 0 ? <p className="text-sm text-muted">No drill recorded yet.</p> : (
            <>
              <p className="text-sm" data-testid="drill-trend">
                Latest drill: recovery {formatMinutes(drills.at(-1)!.recoveryMinutes)} ({drills.at(-1)!.withinRto ? 'within RTO' : 'over RTO'}), data loss {formatMinutes(drills.at(-1)!.dataLossMinutes)} ({drills.at(-1)!.withinRpo ? 'within RPO' : 'over RPO'})
                {trend ? `; recovery ${trend === 'same' ? 'unchanged' : trend === 'better' ? 'faster' : 'slower'} than the drill before` : ''}.
              </p>
              <DrillTrendChart drills={drills} rtoMinutes={history.drill.rtoMinutes} rpoMinutes={history.drill.rpoMinutes} />
            </>
          )}
        </section>
      ) : null}
      <ol className="space-y-3" aria-label="Completions">
        {history.completions.map((c) => (
          <li key={c.id} className="rounded-lg border border-line bg-surface p-4" data-completion={c.id}>
            <p className="font-medium">{formatInZone(c.completedAt, timeZone)} by {c.completedBy}{c.occurrenceAt !== null ? <span className="text-sm font-normal text-muted"> (for the {formatInZone(c.occurrenceAt, timeZone)} occurrence)</span> : null}</p>
            {c.note ? <p className="text-sm">Note: {c.note}</p> : null}
            {c.verdict ? <p className="text-sm">Drill: recovery {formatMinutes(c.verdict.recoveryMinutes)} ({c.verdict.withinRto ? 'within RTO' : 'over RTO'}), data loss {formatMinutes(c.verdict.dataLossMinutes)} ({c.verdict.withinRpo ? 'within RPO' : 'over RPO'})</p> : null}
            <ul className="mt-2 space-y-1 text-sm">
              {c.items.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-2">
                  <span aria-label={i.checked ? 'ticked' : 'not ticked'}>{i.checked ? '☑' : '☐'}</span>
                  <span>{i.text}</span>
                  {i.answer ? <AnswerBadge state={i.answer.state} /> : <span className="text-xs text-muted">manual</span>}
                  {i.note ? <span className="text-muted">— {i.note}</span> : null}
                  {/* The figures as read when the routine was completed (none on completions kept before figures existed). */}
                  {i.figures?.length ? (
                    <ul className="basis-full pl-6 text-muted" aria-label={`Figures for ${i.text}`}>
                      {i.figures.map((f) => <li key={f.label} data-figure={f.state}>{describeFigure(f)}</li>)}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
        {history.completions.length === 0 ? <li className="text-sm text-muted">Not completed in the console yet.</li> : null}
      </ol>
    </div>
  );
}
