import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { dailyReportQuerySchema } from '@/lib/api/routine-schemas';
import { formatInZone } from '@/lib/routines/format';
import { buildDailyReport } from '@/lib/server/routines/daily-report';
import { getStore } from '@/lib/server/store/store';

export const metadata: Metadata = { title: 'Daily report' };

const verdictWords: Record<string, string> = { recovered: 'recovered', 'not-recovered': 'not recovered', 'no-change-needed': 'no change needed' };

/** The evening review's daily report (002, 18:00): the day's figures, incidents, remediations and verdicts, acknowledgements, routines. */
export default async function DailyReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  await requirePageAccess('routine.read', '/routines/daily-report');
  const raw = (await searchParams).date;
  const parsed = dailyReportQuerySchema.safeParse({ date: typeof raw === 'string' ? raw : undefined });
  const r = await buildDailyReport(await getStore(), parsed.success ? parsed.data.date : undefined);
  const t = (at: number | null) => formatInZone(at, r.timeZone);
  const f = r.figures;
  const block = 'rounded-lg border border-line bg-surface p-4';
  const previous = new Date(Date.parse(`${r.day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm"><Link href="/routines" className="text-accent hover:underline">Routines</Link></p>
          <h1 className="text-2xl font-semibold tracking-tight">Daily report — {r.day}</h1>
          <p className="text-sm text-muted">{r.timeZone} day; generated {t(r.generatedAt)}. <Link href={`/routines/daily-report?date=${previous}`} className="text-accent hover:underline">Previous day</Link></p>
          {!parsed.success ? <p role="alert" className="text-sm text-sev-p0">The date in the address is not a date (YYYY-MM-DD); showing today.</p> : null}
        </div>
        <a href={`/api/routines/daily-report?date=${r.day}&format=md`} download className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Export Markdown</a>
      </header>
      <section className={block} aria-labelledby="d-figures">
        <h2 id="d-figures" className="font-semibold">Figures</h2>
        <dl className="mt-1 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-muted">Incidents declared</dt><dd>{f.incidentsDeclared} (open at the end: {f.incidentsOpenAtEnd})</dd>
          <dt className="text-muted">Remediations</dt><dd>{f.remediations} (succeeded {f.remediationsSucceeded}, failed {f.remediationsFailed}, recovered {f.recovered})</dd>
          <dt className="text-muted">Acknowledgements</dt><dd>{f.acknowledgements}</dd>
          <dt className="text-muted">Routines</dt><dd>{f.routinesDone} done, {f.routinesMissed} missed</dd>
        </dl>
      </section>
      <section className={block} aria-labelledby="d-incidents">
        <h2 id="d-incidents" className="font-semibold">Incidents</h2>
        <ul className="mt-1 text-sm">
          {r.incidents.map((i) => <li key={i.id}><Link href={`/incidents/${i.id}`} className="font-medium text-accent hover:underline">{i.id}</Link> [{i.severity}] {i.title} — {i.status}; declared {t(i.declaredAt)}{i.resolvedAt ? `, resolved ${t(i.resolvedAt)}` : ''}; commander {i.commander ?? '—'}</li>)}
          {r.incidents.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="d-remediations">
        <h2 id="d-remediations" className="font-semibold">Remediations</h2>
        <ul className="mt-1 text-sm">
          {r.remediations.map((x) => <li key={x.id}>{x.title} ({x.section}, {x.target}) by {x.requestedBy} at {t(x.requestedAt)}: {x.status}{x.verdict ? `, ${verdictWords[x.verdict] ?? x.verdict}` : ''}</li>)}
          {r.remediations.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="d-acks">
        <h2 id="d-acks" className="font-semibold">Acknowledgements</h2>
        <ul className="mt-1 text-sm">
          {r.acknowledgements.map((a, i) => <li key={i}>{t(a.at)} {a.alert} by {a.by}: {a.comment}</li>)}
          {r.acknowledgements.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="d-routines">
        <h2 id="d-routines" className="font-semibold">Routines</h2>
        <ul className="mt-1 text-sm">
          {r.routines.done.map((d, i) => <li key={i}><Link href={`/routines/${d.routineId}/history`} className="text-accent hover:underline">{d.title}</Link> done {t(d.completedAt)} by {d.completedBy}{d.red.length ? `; red: ${d.red.join(', ')}` : ''}{d.unknown.length ? `; unknown: ${d.unknown.join(', ')}` : ''}{d.drill ? `; recovery ${d.drill.recoveryMinutes} min (${d.drill.withinRto ? 'within' : 'over'} RTO), data loss ${d.drill.dataLossMinutes} min (${d.drill.withinRpo ? 'within' : 'over'} RPO)` : ''}{d.note ? ` — ${d.note}` : ''}</li>)}
          {r.routines.missed.map((m, i) => <li key={`m${i}`} className="text-sev-p0"><strong>Not done:</strong> {m.title} scheduled {t(m.occurrenceAt)}</li>)}
          {r.routines.done.length === 0 && r.routines.missed.length === 0 ? <li className="text-muted">None scheduled yet today.</li> : null}
        </ul>
      </section>
    </div>
  );
}
