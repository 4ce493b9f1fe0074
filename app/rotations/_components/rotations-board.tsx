'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, requestJson } from '@/lib/client/api';
import { formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';
import type { CertificateState, DueState, RotationEntry, RotationsResponse } from '@/lib/rotations/register';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

const KEY = ['rotations'] as const;
const day = (at: number) => new Date(at).toLocaleDateString('en-GB', { dateStyle: 'medium' });

const dueLabel: Record<DueState, string> = { ok: 'ok', due: 'due soon', overdue: 'overdue', never: 'never recorded' };
const dueTone: Record<DueState | CertificateState, string> = {
  ok: 'border-sev-ok text-fg',
  due: 'border-sev-p2 text-fg',
  overdue: 'border-sev-p0 text-fg',
  never: 'border-sev-unknown text-fg',
  expired: 'border-sev-p0 text-fg',
};

function RecordForm({ entry }: { entry: RotationEntry }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const save = useMutation({
    mutationFn: () => requestJson(`/api/rotations/${encodeURIComponent(entry.id)}`, { method: 'POST', body: { note, ...(date ? { rotatedAt: new Date(date).toISOString() } : {}) } }),
    onSuccess: () => {
      setOpen(false);
      setNote('');
      setDate('');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  if (!open) {
    return (
      <Button size="sm" onClick={() => setOpen(true)} aria-label={`Record a rotation of ${entry.name}`}>
        Record rotation…
      </Button>
    );
  }
  return (
    <form
      aria-label={`Record a rotation of ${entry.name}`}
      className="mt-2 space-y-2 rounded-md border border-line bg-surface-2 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label className="block text-xs text-muted">
        What was rotated and how (change or ticket)
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} required className="mt-1 block w-full rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
      </label>
      <label className="block text-xs text-muted">
        When (blank: now)
        <input type="datetime-local" value={date} onChange={(e) => setDate(e.target.value)} className="mt-1 block rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
      </label>
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={save.isPending} aria-busy={save.isPending}>
          {save.isPending ? 'Recording…' : 'Record'}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
      {save.error ? (
        <p role="alert" className="text-xs text-sev-p0">
          Not recorded: {describeError(save.error)}
        </p>
      ) : null}
    </form>
  );
}

export function RotationsBoard({ mayRecord }: { mayRecord: boolean }) {
  const query = useQuery({ queryKey: KEY, queryFn: ({ signal }) => requestJson<RotationsResponse>('/api/rotations', { signal }), refetchInterval: 60_000 });
  const ticking = useNow();
  if (query.isPending) return <Skeleton className="h-40" />;
  if (query.error) {
    return (
      <p role="alert" className="text-sm text-sev-p0">
        Register unavailable: {describeError(query.error)}
      </p>
    );
  }
  const { rotations, certificates, dueSoonDays, renewBeforeDays } = query.data;
  const now = ticking ?? query.dataUpdatedAt;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Secrets">
          <span className="text-xs text-muted">due soon: within {dueSoonDays} days</span>
        </CardHeader>
        <ul className="divide-y divide-line" data-testid="rotations">
          {rotations.map((r) => (
            <li key={r.id} className="space-y-1 p-4 text-sm" data-testid="rotation" data-rotation={r.id} data-state={r.state}>
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded border px-1.5 py-0.5 text-xs font-semibold ${dueTone[r.state]}`}>{dueLabel[r.state]}</span>
                <span className="font-medium">{r.name}</span>
                <span className="text-muted">every {r.periodDays} days · {r.source}</span>
              </div>
              <p>
                {r.last ? (
                  <>
                    Last rotated {day(r.last.rotatedAt)} by {r.last.recordedBy} (“{r.last.note}”) · next due {day(r.nextDueAt!)}
                    {r.state === 'overdue' ? `, overdue by ${formatDuration(now - r.nextDueAt!)}` : r.nextDueAt! > now ? `, in ${formatDuration(r.nextDueAt! - now)}` : ''}
                  </>
                ) : (
                  <span className="text-muted">No rotation recorded: when it was last done is not known.</span>
                )}
              </p>
              {r.history.length > 1 ? <p className="text-xs text-muted">Before: {r.history.slice(1).map((h) => `${day(h.rotatedAt)} (${h.recordedBy})`).join(', ')}</p> : null}
              {mayRecord ? <RecordForm entry={r} /> : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="TLS certificates (live)">
          <span className="text-xs text-muted">renew within {renewBeforeDays} days of expiry</span>
        </CardHeader>
        {certificates.error ? (
          <p role="alert" className="p-4 text-sm text-sev-p0">
            Certificate expiry unknown: {certificates.error}
          </p>
        ) : certificates.certificates.length === 0 ? (
          <p className="p-4 text-sm text-muted">Prometheus has no probe_ssl_earliest_cert_expiry series: no endpoint is probed by the blackbox exporter.</p>
        ) : (
          <ul className="divide-y divide-line" data-testid="certificates">
            {certificates.certificates.map((c) => (
              <li key={c.instance} className="flex flex-wrap items-center gap-2 p-4 text-sm" data-testid="certificate" data-state={c.state}>
                <span className={`rounded border px-1.5 py-0.5 text-xs font-semibold ${dueTone[c.state]}`}>{c.state === 'due' ? 'renew now' : c.state}</span>
                <span className="font-mono text-[13px]">{c.instance}</span>
                <span className="text-muted">
                  expires {day(c.expiresAt)} ({c.state === 'expired' ? `${formatDuration(now - c.expiresAt)} ago` : `in ${formatDuration(c.expiresAt - now)}`})
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
