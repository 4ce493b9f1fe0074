import type { Metadata } from 'next';
import Link from 'next/link';
import { incidentListQuerySchema } from '@/lib/api/incident-schemas';
import { requirePageAccess } from '@/lib/auth/page-access';
import { can } from '@/lib/auth/permissions';
import { incidentStatuses, isOpen } from '@/lib/incidents/lifecycle';
import { listIncidents } from '@/lib/incidents/records';
import { summarizeByMonth } from '@/lib/incidents/stats';
import { getCatalog } from '@/lib/server/catalog';
import { getStore } from '@/lib/server/store/store';
import { DeclareBlankForm } from './_components/declare-blank-form';

export const metadata: Metadata = { title: 'Incidents' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Every incident, open first, with filters and search; the month-by-severity figures under them. */
export default async function IncidentsPage({ searchParams }: Props) {
  const principal = await requirePageAccess('section.read', '/incidents');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = incidentListQuerySchema.safeParse(raw);
  const q = parsed.success ? parsed.data : {};
  const incidents = await listIncidents((await getStore()).db, {
    ...(q.status === 'open' ? { openOnly: true } : { status: q.status }),
    severity: q.severity,
    section: q.section,
    from: q.from ? Date.parse(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? Date.parse(`${q.to}T23:59:59.999Z`) : undefined,
    text: q.q,
  });
  const stats = summarizeByMonth(incidents);
  const sections = [...getCatalog().byId.values()];
  const field = 'rounded-md border border-line bg-surface px-2 py-1 text-sm';
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Incidents</h1>
          <p className="mt-1 max-w-3xl text-sm text-muted">Declared from a section, an alert or here. The timeline, milestones and most of the post-mortem come from what the console saw and did.</p>
        </div>
        {can(principal.role, 'incident.manage') ? <DeclareBlankForm /> : null}
      </header>
      {!parsed.success ? <p role="alert" className="text-sm text-sev-p0">Filters ignored: {parsed.error.issues[0]?.path.join('.')}: {parsed.error.issues[0]?.message}</p> : null}
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter incidents">
        <label className="text-xs text-muted">Search<input name="q" defaultValue={q.q ?? ''} className={`${field} block`} /></label>
        <label className="text-xs text-muted">Status<select name="status" defaultValue={q.status ?? ''} className={`${field} block`}><option value="">any</option><option value="open">open</option>{incidentStatuses.map((s) => <option key={s}>{s}</option>)}</select></label>
        <label className="text-xs text-muted">Severity<select name="severity" defaultValue={q.severity ?? ''} className={`${field} block`}><option value="">any</option>{['P0', 'P1', 'P2', 'P3'].map((s) => <option key={s}>{s}</option>)}</select></label>
        <label className="text-xs text-muted">Section<select name="section" defaultValue={q.section ?? ''} className={`${field} block`}><option value="">any</option>{sections.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}</select></label>
        <label className="text-xs text-muted">From<input type="date" name="from" defaultValue={q.from ?? ''} className={`${field} block`} /></label>
        <label className="text-xs text-muted">To<input type="date" name="to" defaultValue={q.to ?? ''} className={`${field} block`} /></label>
        <button type="submit" className="h-8 rounded-md border border-line bg-surface-2 px-3 text-sm">Filter</button>
      </form>
      <table className="w-full text-left text-sm" data-testid="incident-list">
        <thead className="text-xs text-muted"><tr><th className="py-1">Incident</th><th>Severity</th><th>Status</th><th>Title</th><th>Sections</th><th>Commander</th><th>Declared (UTC)</th></tr></thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} className={`border-t border-line ${isOpen(i.status) ? 'font-medium' : 'text-muted'}`}>
              <td className="py-1.5"><Link href={`/incidents/${i.id}`} className="text-accent hover:underline">{i.id}</Link></td>
              <td>{i.severity}</td>
              <td>{i.status}</td>
              <td>{i.title}</td>
              <td>{i.sections.join(', ')}</td>
              <td>{i.roles.commander ?? '—'}</td>
              <td className="tabular-nums">{utc(i.declaredAt)}</td>
            </tr>
          ))}
          {incidents.length === 0 ? <tr><td colSpan={7} className="py-3 text-muted">No incidents match.</td></tr> : null}
        </tbody>
      </table>
      {stats.length > 0 ? (
        <section aria-labelledby="stats-heading">
          <h2 id="stats-heading" className="text-sm font-semibold">By month and severity</h2>
          <table className="mt-1 text-sm">
            <thead className="text-xs text-muted"><tr><th className="pr-4 text-left">Month</th><th className="pr-4 text-left">Severity</th><th className="pr-4">Incidents</th><th className="pr-4">Mean time to declare</th><th>Mean time to resolve</th></tr></thead>
            <tbody>
              {stats.map((s) => (
                <tr key={`${s.month}-${s.severity}`} className="tabular-nums"><td className="pr-4">{s.month}</td><td className="pr-4">{s.severity}</td><td className="pr-4 text-center">{s.count}</td><td className="pr-4 text-center">{s.meanToDeclareMin ?? '—'} min</td><td className="text-center">{s.meanToResolveMin ?? '—'} min</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
