import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { buildHandover } from '@/lib/server/incidents/handover';
import { getStore } from '@/lib/server/store/store';

export const metadata: Metadata = { title: 'Handover' };

const utc = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

/** One page for the next on-call engineer: what is open, what waits, what expires, what is still watched. */
export default async function HandoverPage() {
  await connection();
  await requirePageAccess('section.read', '/handover');
  const h = await buildHandover(await getStore());
  const block = 'rounded-lg border border-line bg-surface p-4';
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">On-call handover</h1>
          <p className="text-sm text-muted">As of {utc(h.generatedAt)}.</p>
        </div>
        <a href="/api/handover?format=md" download className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Export Markdown</a>
      </header>
      <section className={block} aria-labelledby="h-incidents">
        <h2 id="h-incidents" className="font-semibold">Open incidents</h2>
        <ul className="mt-1 text-sm">
          {h.incidents.map((i) => <li key={i.id}><Link href={`/incidents/${i.id}`} className="font-medium text-accent hover:underline">{i.id}</Link> [{i.severity}] {i.title} — {i.status}, commander {i.commander ?? '—'}; next update due {utc(i.nextUpdateAt)}; engaged {i.escalation.engaged.name}{i.escalation.next ? `, ${i.escalation.next.name} due ${utc(i.escalation.next.dueAt)}` : ''}</li>)}
          {h.incidents.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="h-approvals">
        <h2 id="h-approvals" className="font-semibold">Approvals waiting</h2>
        <ul className="mt-1 text-sm">
          {h.pending.map((r) => <li key={r.id}>{r.title} ({r.section_id}) asked by {r.requested_by} at {utc(r.requested_at)}, expires {utc(r.expires_at)}</li>)}
          {h.pending.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="h-acks">
        <h2 id="h-acks" className="font-semibold">Active acknowledgements</h2>
        {h.alertsError ? <p role="alert" className="text-sm text-sev-p1">The alerts could not be read: {h.alertsError}</p> : null}
        <ul className="mt-1 text-sm">
          {h.acknowledgements.map((a, i) => <li key={i}>{a.alert} ({a.section ?? 'other'}) by {a.by} until {utc(a.until)}: {a.comment}</li>)}
          {!h.alertsError && h.acknowledgements.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
      <section className={block} aria-labelledby="h-watched">
        <h2 id="h-watched" className="font-semibold">Remediations still being watched</h2>
        <ul className="mt-1 text-sm">
          {h.watched.map((r) => <li key={r.id}>{r.title} ({r.section_id}) by {r.requested_by}: {r.status === 'executing' ? 'running' : 'waiting for its recovery verdict'}</li>)}
          {h.watched.length === 0 ? <li className="text-muted">None.</li> : null}
        </ul>
      </section>
    </div>
  );
}
