'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import type { Durations, Milestone } from '@/lib/incidents/milestones';
import type { MilestoneId } from '@/lib/incidents/types';

const both = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
const local = (ms: number | null) => (ms === null ? '' : new Date(ms).toLocaleTimeString());
const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60_000)} min`);

/** The milestones with their sources, the times between them, and a correction (with a reason) for each. */
export function MilestonesPanel({ milestones, durations, canManage, onCorrect }: { milestones: Milestone[]; durations: Durations; canManage: boolean; onCorrect: (id: MilestoneId, at: number, reason: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState<MilestoneId | null>(null);
  const [at, setAt] = useState('');
  const [reason, setReason] = useState('');
  const submit = async () => {
    const ms = Date.parse(at.endsWith('Z') ? at : `${at}Z`);
    if (!editing || Number.isNaN(ms) || !reason.trim()) return;
    if (await onCorrect(editing, ms, reason.trim())) setEditing(null);
  };
  return (
    <Card as="section" aria-labelledby="milestones-heading">
      <CardHeader id="milestones-heading" title="Milestones">
        <span className="text-xs text-muted">detect {minutes(durations.detect)} · acknowledge {minutes(durations.acknowledge)} · mitigate {minutes(durations.mitigate)} · resolve {minutes(durations.resolve)}</span>
      </CardHeader>
      <table className="w-full text-sm">
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id} className="border-t border-line first:border-t-0" data-testid={`milestone-${m.id}`}>
              <td className="px-4 py-1.5 font-medium">{m.id}</td>
              <td className="tabular-nums">{both(m.at)} <span className="text-xs text-muted">{local(m.at)}</span></td>
              <td className="text-muted">{m.source}</td>
              <td className="pr-4 text-right">{canManage ? <Button size="sm" variant="ghost" onClick={() => { setEditing(m.id); setAt(m.at ? new Date(m.at).toISOString().slice(0, 16) : ''); setReason(''); }}>Correct</Button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <div className="flex flex-wrap items-center gap-2 border-t border-line p-3 text-sm">
          <span>Correct <strong>{editing}</strong> to (UTC)</span>
          <input aria-label="Corrected time (UTC)" value={at} onChange={(e) => setAt(e.target.value)} placeholder="2026-12-03T10:42" className="h-7 rounded-md border border-line bg-surface px-2" />
          <input aria-label="Why" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why" className="h-7 flex-1 rounded-md border border-line bg-surface px-2" />
          <Button size="sm" onClick={() => void submit()}>Save</Button>
          <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>Cancel</Button>
        </div>
      ) : null}
    </Card>
  );
}
