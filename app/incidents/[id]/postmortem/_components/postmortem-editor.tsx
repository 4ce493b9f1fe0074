'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ChangeRequest } from '@/lib/api/incident-schemas';
import { changeIncident, isConflict } from '@/lib/client/incidents-api';
import type { ActionItem, Incident } from '@/lib/incidents/types';

type Props = { incident: Incident; checklist: string[]; canManage: boolean; canClose: boolean };

/** The parts people write (root cause, factors, lessons, action items), the checklist, waiving and closing. */
export function PostmortemEditor({ incident, checklist, canManage, canClose }: Props) {
  const router = useRouter();
  const pm = incident.postmortem;
  const [rootCause, setRootCause] = useState(pm.rootCause);
  const [factors, setFactors] = useState(pm.contributingFactors);
  const [lessons, setLessons] = useState(pm.lessons);
  const [items, setItems] = useState<ActionItem[]>(pm.actionItems);
  const [checks, setChecks] = useState<Record<string, boolean>>(pm.checklist);
  const [waive, setWaive] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const send = async (change: Record<string, unknown>) => {
    setMessage(null);
    try {
      await changeIncident(incident.id, { ...change, version: incident.version } as ChangeRequest);
      setMessage('Saved.');
      router.refresh();
    } catch (error) {
      setMessage(isConflict(error) ? `${(error as Error).message} Reload to see it.` : error instanceof Error ? error.message : String(error));
    }
  };
  const save = () => send({ op: 'postmortem', rootCause, contributingFactors: factors, lessons, actionItems: items, checklist: checks });
  const area = 'mt-1 w-full rounded-md border border-line bg-surface p-2 text-sm';
  return (
    <div className="space-y-4">
      <section aria-labelledby="rc-h"><h2 id="rc-h" className="font-semibold">Root cause</h2><textarea aria-label="Root cause" rows={3} className={area} value={rootCause} onChange={(e) => setRootCause(e.target.value)} readOnly={!canManage} /></section>
      <section aria-labelledby="cf-h"><h2 id="cf-h" className="font-semibold">Contributing factors</h2><textarea aria-label="Contributing factors" rows={3} className={area} value={factors} onChange={(e) => setFactors(e.target.value)} readOnly={!canManage} /></section>
      <section aria-labelledby="ll-h"><h2 id="ll-h" className="font-semibold">Lessons learned</h2><textarea aria-label="Lessons learned" rows={3} className={area} value={lessons} onChange={(e) => setLessons(e.target.value)} readOnly={!canManage} /></section>
      <section aria-labelledby="ai-h">
        <h2 id="ai-h" className="font-semibold">Action items</h2>
        <ul className="space-y-1 text-sm">
          {items.map((item, index) => (
            <li key={item.id} className="flex flex-wrap items-center gap-2">
              <input type="checkbox" aria-label="Done" checked={item.state === 'done'} disabled={!canManage} onChange={(e) => setItems(items.map((it, i) => (i === index ? { ...it, state: e.target.checked ? 'done' : 'open' } : it)))} />
              <input aria-label="Action" value={item.text} readOnly={!canManage} onChange={(e) => setItems(items.map((it, i) => (i === index ? { ...it, text: e.target.value } : it)))} className="h-7 flex-1 rounded border border-line bg-surface px-2" />
              <input aria-label="Owner" value={item.owner} readOnly={!canManage} onChange={(e) => setItems(items.map((it, i) => (i === index ? { ...it, owner: e.target.value } : it)))} placeholder="owner" className="h-7 w-28 rounded border border-line bg-surface px-2" />
              <input aria-label="Due" type="date" value={item.due ?? ''} readOnly={!canManage} onChange={(e) => setItems(items.map((it, i) => (i === index ? { ...it, due: e.target.value || null } : it)))} className="h-7 rounded border border-line bg-surface px-2" />
            </li>
          ))}
        </ul>
        {canManage ? <Button size="sm" variant="ghost" onClick={() => setItems([...items, { id: `a${Date.now().toString(36)}`, text: 'New action', owner: '', due: null, state: 'open' }])}>Add action item</Button> : null}
      </section>
      <section aria-labelledby="cl-h">
        <h2 id="cl-h" className="font-semibold">Post-incident checklist</h2>
        <ul className="text-sm" data-testid="checklist">
          {checklist.map((item) => (
            <li key={item}><label className="flex items-center gap-2"><input type="checkbox" checked={checks[item] === true} disabled={!canManage} onChange={(e) => setChecks({ ...checks, [item]: e.target.checked })} />{item}</label></li>
          ))}
        </ul>
      </section>
      {pm.waived ? <p className="text-sm">Post-mortem waived by {pm.waived.by}: {pm.waived.reason}</p> : null}
      <div className="flex flex-wrap items-center gap-2" data-print="hide">
        {canManage ? <Button variant="primary" size="sm" onClick={() => void save()}>Save post-mortem</Button> : null}
        {canClose && incident.status === 'resolved' ? <Button size="sm" onClick={() => void send({ op: 'status', to: 'closed' })}>Close incident</Button> : null}
        {canClose && !pm.waived ? (
          <span className="flex items-center gap-1">
            <input aria-label="Reason to waive the post-mortem" value={waive} onChange={(e) => setWaive(e.target.value)} placeholder="reason to waive" className="h-7 rounded border border-line bg-surface px-2 text-sm" />
            <Button size="sm" variant="ghost" disabled={!waive.trim()} onClick={() => void send({ op: 'postmortem', waiveReason: waive.trim() })}>Waive</Button>
          </span>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => window.print()}>Print / PDF</Button>
        {message ? <span role="status" className="text-sm">{message}</span> : null}
      </div>
    </div>
  );
}
