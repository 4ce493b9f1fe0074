import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Sparkline } from '@/components/sparkline';
import { incidentIdSchema } from '@/lib/api/incident-schemas';
import { ApiError } from '@/lib/api/errors';
import { requirePageAccess } from '@/lib/auth/page-access';
import { can } from '@/lib/auth/permissions';
import { getIncident } from '@/lib/incidents/records';
import type { Incident } from '@/lib/incidents/types';
import { getCatalog } from '@/lib/server/catalog';
import { computeImpact, formatFigure } from '@/lib/server/incidents/impact';
import { getIncidentView } from '@/lib/server/incidents/view';
import { getStore } from '@/lib/server/store/store';
import { readKeySignalSeries } from '@/lib/server/incidents/charts';
import { PostmortemEditor } from './_components/postmortem-editor';
import './print.css';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Post-mortem ${(await params).id}` };
}

const utc = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

async function loadDraft(store: Awaited<ReturnType<typeof getStore>>, incident: Incident) {
  const now = Date.now();
  const [view, impact, charts] = await Promise.all([getIncidentView(store, incident, now), computeImpact(incident, now), readKeySignalSeries(incident, now)]);
  return { view, impact, charts };
}

/** The post-mortem the console drafts: impact from Prometheus, what was done and whether it worked, the timeline, and the parts people write. */
export default async function PostmortemPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const principal = await requirePageAccess('section.read', `/incidents/${encodeURIComponent(id)}/postmortem`);
  if (!incidentIdSchema.safeParse(id).success) notFound();
  const store = await getStore();
  const incident = await getIncident(store.db, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'not-found') notFound();
    throw error;
  });
  const { view, impact, charts } = await loadDraft(store, incident);
  const starred = view.timeline.filter((e) => e.starred);
  const events = starred.length > 0 ? starred : view.timeline;
  const titles = getCatalog().byId;
  return (
    <article className="mx-auto max-w-5xl space-y-5" data-print="page" data-testid="postmortem">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-muted" data-print="hide"><Link href={`/incidents/${incident.id}`} className="hover:underline">{incident.id}</Link> › Post-mortem</p>
          <h1 className="text-2xl font-semibold tracking-tight">Post-mortem {incident.id}: {incident.title}</h1>
          <p className="text-sm text-muted">{incident.severity} · {incident.status} · commander {incident.roles.commander ?? '—'} · window {utc(impact.from)} → {utc(impact.to)}</p>
        </div>
        <div className="flex gap-2" data-print="hide">
          <a href={`/api/incidents/${incident.id}/postmortem`} download className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2" data-testid="export-markdown">Export Markdown</a>
          <a href={`/api/incidents/${incident.id}/postmortem?events=starred`} download className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Export (starred events)</a>
        </div>
      </header>

      <section aria-labelledby="summary-h"><h2 id="summary-h" className="font-semibold">Summary</h2><p className="text-sm">{incident.summary || '—'}</p></section>

      <section aria-labelledby="impact-h">
        <h2 id="impact-h" className="font-semibold">Impact</h2>
        <dl className="mt-1 grid gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="impact">
          {impact.figures.map((f) => (
            <div key={f.id} className="rounded-md border border-line p-2" data-figure={f.id}>
              <dt className="text-xs text-muted">{f.title}</dt>
              <dd className="text-lg font-semibold tabular-nums">{formatFigure(f)}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {charts.map((c) => (
            <figure key={c.section} className="rounded-md border border-line p-2">
              <figcaption className="text-xs text-muted">{titles.get(c.section)?.title ?? c.section}: {c.signal} over the window</figcaption>
              {c.points.length > 1 ? <Sparkline points={c.points} className="h-16 w-full" /> : <p className="text-xs text-muted">{c.error ?? 'no data'}</p>}
            </figure>
          ))}
        </div>
      </section>

      <section aria-labelledby="milestones-h">
        <h2 id="milestones-h" className="font-semibold">Milestones</h2>
        <table className="text-sm"><tbody>{view.milestones.map((m) => <tr key={m.id}><td className="pr-4 font-medium">{m.id}</td><td className="pr-4 tabular-nums">{utc(m.at)}</td><td className="text-muted">{m.source}</td></tr>)}</tbody></table>
      </section>

      <section aria-labelledby="done-h">
        <h2 id="done-h" className="font-semibold">What was done and whether it worked</h2>
        <ul className="list-disc pl-5 text-sm" data-testid="postmortem-runs">
          {view.runs.map((r) => <li key={r.id}>{utc(r.requestedAt)} <strong>{r.title}</strong> by {r.requestedBy}: {r.status}{r.verdict ? `, recovery verdict: ${r.verdict}` : ''}</li>)}
          {view.runs.length === 0 ? <li>No remediation from the console.</li> : null}
        </ul>
      </section>

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h" className="font-semibold">Timeline {starred.length > 0 ? '(starred events)' : '(all events; star events on the incident page to choose)'}</h2>
        <ol className="text-sm" data-testid="postmortem-timeline">
          {events.map((e) => <li key={e.key}><span className="tabular-nums text-muted">{utc(e.at)}</span> [{e.category}] {e.text}</li>)}
        </ol>
      </section>

      <PostmortemEditor incident={incident} checklist={view.checklist} canManage={can(principal.role, 'incident.manage')} canClose={can(principal.role, 'incident.close')} />
    </article>
  );
}
