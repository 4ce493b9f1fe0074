'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { allowedNextStatuses, incidentRoles, roleTitles, type IncidentRole, type IncidentStatus } from '@/lib/incidents/lifecycle';
import type { IncidentView } from '@/lib/server/incidents/view';
import { useNow } from '@/lib/client/use-now';
import { CommunicationsPanel } from './communications-panel';
import { MilestonesPanel } from './milestones-panel';
import { RtoClockCard } from './rto-clock';
import { TimelinePanel } from './timeline-panel';
import { useIncident } from './use-incident';

type Props = { initial: IncidentView; me: string; canManage: boolean; canClose: boolean; pollMs: number };

const utc = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().slice(11, 16)} UTC`);
const countdown = (ms: number) => `${ms < 0 ? '-' : ''}${Math.floor(Math.abs(ms) / 60_000)}:${String(Math.floor((Math.abs(ms) % 60_000) / 1000)).padStart(2, '0')}`;

/** The incident page: state, roles, severity, escalation, updates, milestones and the timeline, all live. */
export function IncidentBoard({ initial, me, canManage, canClose, pollMs }: Props) {
  const { view, change, busy, message } = useIncident(initial, pollMs);
  const now = useNow() ?? view.now;
  const { incident } = view;
  const [reason, setReason] = useState('');
  const [handTo, setHandTo] = useState<Record<string, string>>({});
  const moves = allowedNextStatuses(incident.status).filter((s) => s !== 'merged' && (s !== 'closed' || canClose));
  const move = (to: IncidentStatus) => void change({ op: 'status', to, ...(reason.trim() ? { reason: reason.trim() } : {}) }).then((ok) => ok && setReason(''));
  return (
    <div className="space-y-4" data-testid="incident-page" data-status={incident.status} data-version={incident.version}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-muted"><Link href="/incidents" className="hover:underline">Incidents</Link> › {incident.id}</p>
          <h1 className="text-2xl font-semibold tracking-tight"><span data-testid="incident-severity" className="mr-2 rounded bg-sev-p0 px-2 text-sev-p0-fg">{incident.severity}</span>{incident.title}</h1>
          <p className="mt-1 max-w-3xl text-sm text-muted">{incident.summary}</p>
          <p className="mt-1 text-sm">Status <strong data-testid="incident-status">{incident.status}</strong>{incident.mergedInto ? ` into ${incident.mergedInto}` : ''} · sections {incident.sections.map((s) => <Link key={s} href={`/runbooks/${s}`} className="mr-1 text-accent hover:underline">{s}</Link>)}</p>
        </div>
        <div className="flex gap-2">
          <Link href={`/incidents/${incident.id}/postmortem`} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Post-mortem</Link>
        </div>
      </header>
      {message ? <p role="alert" className={`rounded border px-3 py-2 text-sm ${message.tone === 'error' ? 'border-sev-p0' : 'border-line'}`}>{message.text}</p> : null}

      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(360px,480px)]">
        <div className="min-w-0 space-y-4">
          {canManage && moves.length > 0 ? (
            <Card as="section" aria-labelledby="status-heading">
              <CardHeader id="status-heading" title="Status" />
              <div className="flex flex-wrap items-center gap-2 p-4">
                {moves.map((to) => <Button key={to} size="sm" disabled={busy} onClick={() => move(to)}>{to === 'investigating' && incident.status === 'resolved' ? 'Reopen' : `Mark ${to}`}</Button>)}
                <input aria-label="Reason (needed to resolve while a section is not ok)" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} className="h-7 min-w-64 flex-1 rounded-md border border-line bg-surface px-2 text-sm" />
              </div>
              {incident.status === 'monitoring' || incident.status === 'resolved' ? (
                <p className="px-4 pb-3 text-sm text-muted">Recovery verdicts: {view.runs.filter((r) => r.verdict).map((r) => `${r.title}: ${r.verdict}`).join('; ') || 'none yet'}</p>
              ) : null}
            </Card>
          ) : null}

          {view.proposal && canManage ? (
            <Card as="section" aria-labelledby="proposal-heading" className="border-sev-p1">
              <CardHeader id="proposal-heading" title={`Severity: the linked sections suggest ${view.proposal.to}`} />
              <div className="flex flex-wrap items-center gap-2 p-4 text-sm">
                <span className="flex-1">{view.proposal.basis}</span>
                <Button size="sm" disabled={busy} onClick={() => void change({ op: 'severity', to: view.proposal!.to, reason: view.proposal!.basis, fromProposal: true })}>Accept {view.proposal.to}</Button>
                <Button size="sm" variant="ghost" disabled={busy} onClick={() => void change({ op: 'dismiss-proposal', to: view.proposal!.to, basis: view.proposal!.basis })}>Dismiss</Button>
              </div>
            </Card>
          ) : null}

          {view.rto ? <RtoClockCard rto={view.rto} now={now} /> : null}
          <MilestonesPanel milestones={view.milestones} durations={view.durations} canManage={canManage} onCorrect={(milestone, at, why) => change({ op: 'milestone', milestone, at, reason: why })} />
          <TimelinePanel incidentId={incident.id} events={view.timeline} canManage={canManage} />
        </div>

        <div className="min-w-0 space-y-4">
          <Card as="section" aria-labelledby="roles-heading">
            <CardHeader id="roles-heading" title="Roles" />
            <ul className="divide-y divide-line">
              {incidentRoles.map((role: IncidentRole) => (
                <li key={role} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm">
                  <span className="w-40 text-muted">{roleTitles[role]}</span>
                  <strong data-testid={`role-${role}`} className="flex-1">{incident.roles[role] ?? '—'}</strong>
                  {canManage && incident.roles[role] !== me ? <Button size="sm" disabled={busy} onClick={() => void change({ op: 'role', role, to: me })}>{role === 'commander' ? 'Become commander' : 'Take'}</Button> : null}
                  {canManage ? (
                    <span className="flex items-center gap-1">
                      <input aria-label={`Hand ${roleTitles[role]} over to`} placeholder="user" value={handTo[role] ?? ''} onChange={(e) => setHandTo({ ...handTo, [role]: e.target.value })} className="h-7 w-24 rounded-md border border-line bg-surface px-1 text-xs" />
                      <Button size="sm" variant="ghost" disabled={busy || !handTo[role]?.trim()} onClick={() => void change({ op: 'role', role, to: handTo[role]!.trim() })}>Hand over</Button>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>

          <Card as="section" aria-labelledby="escalation-heading">
            <CardHeader id="escalation-heading" title="Escalation" />
            <div className="space-y-1 p-4 text-sm">
              <p>Engaged: <strong>{view.escalation.engaged.name}</strong></p>
              {view.escalation.next ? (
                <p data-testid="escalation-next">Next: {view.escalation.next.name}{view.escalation.next.dueAt !== null ? <>, due {utc(view.escalation.next.dueAt)} <span className={view.escalation.next.dueAt <= now ? 'font-semibold text-sev-p0' : ''}>({view.escalation.next.dueAt <= now ? 'overdue' : `in ${countdown(view.escalation.next.dueAt - now)}`})</span></> : ' (not due by time at this severity)'}</p>
              ) : <p>Every level is engaged.</p>}
              {canManage && view.escalation.next ? <Button size="sm" disabled={busy} onClick={() => void change({ op: 'escalate', reason: reason.trim() })}>Escalate now</Button> : null}
            </div>
          </Card>

          <Card as="section" aria-labelledby="sections-heading">
            <CardHeader id="sections-heading" title="Linked sections now" />
            <ul className="divide-y divide-line text-sm">
              {view.sections.map((s) => <li key={s.id} className="px-4 py-2" data-testid={`linked-${s.id}`} data-severity={s.severity}><strong>{s.severity}</strong> {s.title}: <span className="text-muted">{s.basis}</span></li>)}
              {view.sections.length === 0 ? <li className="px-4 py-2 text-muted">No section linked, or the sections cannot be read now.</li> : null}
            </ul>
            <ul className="divide-y divide-line border-t border-line text-sm">
              {view.runs.map((r) => <li key={r.id} data-testid="incident-run" data-run-id={r.id} className="px-4 py-2">{utc(r.requestedAt)} <strong>{r.title}</strong> by {r.requestedBy}: {r.status}{r.verdict ? <> — verdict <strong data-testid="run-verdict">{r.verdict}</strong></> : null}</li>)}
            </ul>
          </Card>

          {canManage ? <CommunicationsPanel incidentId={incident.id} nextUpdateAt={view.nextUpdateAt} now={now} /> : null}
        </div>
      </div>
    </div>
  );
}
