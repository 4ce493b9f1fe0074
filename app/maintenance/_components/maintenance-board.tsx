'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '@/lib/client/api';
import { fetchMaintenance, maintenanceQueryKeys, postMaintenance, postMaintenanceDecision, postMaintenanceEnd } from '@/lib/client/maintenance-api';
import { formatDuration } from '@/lib/format';
import type { MaintenanceState, MaintenanceWindow } from '@/lib/maintenance/types';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

type Props = { sections: { id: string; title: string }[]; me: string; maySchedule: boolean; mayApprove: boolean; approvalOver: string };

const DURATIONS = [
  ['30 min', 30],
  ['1 h', 60],
  ['2 h', 120],
  ['4 h', 240],
  ['6 h', 360],
  ['12 h', 720],
  ['1 d', 1440],
  ['3 d', 4320],
  ['7 d', 10080],
] as const;

const stateLabel: Record<MaintenanceState, string> = {
  'awaiting-approval': 'awaiting approval',
  scheduled: 'scheduled',
  active: 'in maintenance',
  ended: 'ended',
  cancelled: 'cancelled',
  rejected: 'rejected',
  expired: 'expired unapproved',
};
// Maintenance is neither red nor green: the wall's maintenance colour (violet) while active.
const stateTone: Record<MaintenanceState, string> = {
  'awaiting-approval': 'border-sev-p2 text-fg',
  scheduled: 'border-line text-fg',
  active: 'border-maintenance bg-maintenance/15 text-fg',
  ended: 'border-line text-muted',
  cancelled: 'border-line text-muted',
  rejected: 'border-line text-muted',
  expired: 'border-line text-muted',
};

const when = (at: number) => new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function ScheduleForm({ sections, approvalOver }: Pick<Props, 'sections' | 'approvalOver'>) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [services, setServices] = useState('');
  const [start, setStart] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState('');
  const schedule = useMutation({
    mutationFn: () => {
      const startsAt = start ? new Date(start).getTime() : Date.now();
      return postMaintenance({
        sections: chosen,
        services: services.split(/[\s,]+/).filter(Boolean),
        ...(start ? { startsAt: new Date(startsAt).toISOString() } : {}),
        endsAt: new Date(startsAt + minutes * 60_000).toISOString(),
        reason,
      });
    },
    onSuccess: () => {
      setChosen([]);
      setServices('');
      setReason('');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: maintenanceQueryKeys.all() }),
  });
  return (
    <Card>
      <CardHeader title="Schedule a window" />
      <form
        aria-label="Schedule a maintenance window"
        className="space-y-3 p-4 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          schedule.mutate();
        }}
      >
        <fieldset>
          <legend className="text-xs font-medium text-muted">Sections (their alerts carry the section label)</legend>
          <div className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3 lg:grid-cols-4">
            {sections.map((s) => (
              <label key={s.id} className="flex items-center gap-2">
                <input type="checkbox" checked={chosen.includes(s.id)} onChange={(e) => setChosen((now) => (e.target.checked ? [...now, s.id] : now.filter((id) => id !== s.id)))} />
                {s.title}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block text-xs text-muted">
          Services (optional; the service label, comma separated, e.g. orchestrator)
          <input value={services} onChange={(e) => setServices(e.target.value)} className="mt-1 block w-full rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
        </label>
        <div className="flex flex-wrap gap-4">
          <label className="block text-xs text-muted">
            Starts (blank: now; your time zone)
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} className="mt-1 block rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
          </label>
          <label className="block text-xs text-muted">
            Lasts
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="mt-1 block rounded border border-line bg-surface px-2 py-1 text-sm text-fg">
              {DURATIONS.map(([label, value]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="block text-xs text-muted">
          Reason (shown on the wall and in the silence)
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="mt-1 block w-full rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
        </label>
        <p className="text-xs text-muted">Longer than {approvalOver}: a second person approves it before any alert is silenced.</p>
        <Button type="submit" variant="primary" disabled={schedule.isPending} aria-busy={schedule.isPending}>
          {schedule.isPending ? 'Scheduling…' : 'Schedule window'}
        </Button>
        {schedule.error ? (
          <p role="alert" className="text-sm text-sev-p0">
            Not scheduled: {describeError(schedule.error)}
          </p>
        ) : null}
        {schedule.data ? (
          <p role="status" className="text-sm">
            {schedule.data.id} is {stateLabel[schedule.data.state]}
            {schedule.data.silenceIds.length ? ` (Alertmanager silence ${schedule.data.silenceIds.join(', ')})` : ''}.
          </p>
        ) : null}
      </form>
    </Card>
  );
}

function WindowActions({ window, me, maySchedule, mayApprove }: { window: MaintenanceWindow } & Pick<Props, 'me' | 'maySchedule' | 'mayApprove'>) {
  const queryClient = useQueryClient();
  const settle = () => queryClient.invalidateQueries({ queryKey: maintenanceQueryKeys.all() });
  const end = useMutation({ mutationFn: () => postMaintenanceEnd(window.id), onSettled: settle });
  const decide = useMutation({ mutationFn: (decision: 'approve' | 'reject') => postMaintenanceDecision(window.id, decision), onSettled: settle });
  const open = window.state === 'active' || window.state === 'scheduled' || window.state === 'awaiting-approval';
  if (!open) return null;
  const error = end.error ?? decide.error;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {window.state === 'awaiting-approval' && mayApprove && window.createdBy !== me ? (
        <>
          <Button size="sm" variant="primary" onClick={() => decide.mutate('approve')} disabled={decide.isPending} aria-label={`Approve ${window.id}`}>
            Approve
          </Button>
          <Button size="sm" onClick={() => decide.mutate('reject')} disabled={decide.isPending} aria-label={`Reject ${window.id}`}>
            Reject
          </Button>
        </>
      ) : null}
      {maySchedule ? (
        <Button size="sm" onClick={() => end.mutate()} disabled={end.isPending} aria-label={`${window.state === 'active' ? 'End' : 'Cancel'} ${window.id}`}>
          {end.isPending ? 'Ending…' : window.state === 'active' ? 'End now' : 'Cancel'}
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="w-full text-xs text-sev-p0">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  );
}

export function MaintenanceBoard(props: Props) {
  const list = useQuery({ queryKey: maintenanceQueryKeys.list(), queryFn: ({ signal }) => fetchMaintenance(signal), refetchInterval: 10_000 });
  const titles = new Map(props.sections.map((s) => [s.id, s.title]));
  return (
    <div className="space-y-4">
      {props.maySchedule ? <ScheduleForm sections={props.sections} approvalOver={props.approvalOver} /> : null}
      <Card>
        <CardHeader title="Windows (open, and of the last week)" />
        {list.isPending ? (
          <Skeleton className="m-4 h-16" />
        ) : list.error ? (
          <p role="alert" className="p-4 text-sm text-sev-p0">
            Windows unavailable: {describeError(list.error)}
          </p>
        ) : list.data.length === 0 ? (
          <p className="p-4 text-sm text-muted">No maintenance windows.</p>
        ) : (
          <ul className="divide-y divide-line" data-testid="maintenance-windows">
            {list.data.map((w) => (
              <li key={w.id} className="space-y-1 p-4 text-sm" data-testid="maintenance-window" data-window={w.id} data-state={w.state}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`rounded border px-1.5 py-0.5 text-xs font-semibold ${stateTone[w.state]}`}>{stateLabel[w.state]}</span>
                  <span className="font-medium">{[...w.sections.map((s) => titles.get(s) ?? s), ...w.services.map((s) => `service ${s}`)].join(', ')}</span>
                  <span className="text-muted">
                    {when(w.startsAt)} → {when(w.endsAt)} ({formatDuration(w.endsAt - w.startsAt)})
                  </span>
                </div>
                <p>{w.reason}</p>
                <p className="text-xs text-muted">
                  {w.id} · by {w.createdBy}
                  {w.approvalRequired ? (w.decidedBy ? ` · ${w.state === 'rejected' ? 'rejected' : 'approved'} by ${w.decidedBy}` : ' · needs a second person') : ''}
                  {w.silenceIds.length ? ` · silence ${w.silenceIds.join(', ')}` : ''}
                  {w.endedBy ? ` · ended by ${w.endedBy}${w.endNote ? `: ${w.endNote}` : ''}` : ''}
                  {w.lastError ? ` · last problem: ${w.lastError}` : ''}
                </p>
                <WindowActions window={w} me={props.me} maySchedule={props.maySchedule} mayApprove={props.mayApprove} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
