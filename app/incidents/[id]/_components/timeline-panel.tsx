'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { addToTimeline, incidentKeys } from '@/lib/client/incidents-api';
import { timelineCategories, type TimelineCategory, type TimelineEvent } from '@/lib/incidents/types';

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The merged timeline: filters by kind, stars for the post-mortem, notes; times in UTC and local. */
export function TimelinePanel({ incidentId, events, canManage }: { incidentId: string; events: TimelineEvent[]; canManage: boolean }) {
  const client = useQueryClient();
  const [shown, setShown] = useState<Set<TimelineCategory>>(new Set(timelineCategories));
  const [starredOnly, setStarredOnly] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: incidentKeys.one(incidentId) });
  const act = async (body: Parameters<typeof addToTimeline>[1]) => {
    setError(null);
    try {
      await addToTimeline(incidentId, body);
      await refresh();
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return false;
    }
  };
  const visible = events.filter((e) => shown.has(e.category) && (!starredOnly || e.starred));
  return (
    <Card as="section" aria-labelledby="timeline-heading">
      <CardHeader id="timeline-heading" title="Timeline">
        <div className="flex flex-wrap gap-1 text-xs" role="group" aria-label="Show kinds">
          {timelineCategories.map((c) => (
            <label key={c} className="flex items-center gap-1 rounded border border-line px-1.5 py-0.5">
              <input type="checkbox" checked={shown.has(c)} onChange={() => { const next = new Set(shown); if (next.has(c)) next.delete(c); else next.add(c); setShown(next); }} />
              {c}
            </label>
          ))}
          <label className="flex items-center gap-1 rounded border border-line px-1.5 py-0.5"><input type="checkbox" checked={starredOnly} onChange={() => setStarredOnly(!starredOnly)} />starred only</label>
        </div>
      </CardHeader>
      <ol className="divide-y divide-line text-sm" data-testid="timeline">
        {visible.map((e) => (
          <li key={e.key} className="flex gap-3 px-4 py-1.5" data-category={e.category} data-source={e.source}>
            <button type="button" aria-label={e.starred ? 'Unstar' : 'Star for the post-mortem'} aria-pressed={e.starred} disabled={!canManage} onClick={() => void act({ op: 'star', eventKey: e.key, starred: !e.starred })} className={e.starred ? 'text-sev-p2' : 'text-muted'}>{e.starred ? '★' : '☆'}</button>
            <time dateTime={new Date(e.at).toISOString()} className="w-44 shrink-0 tabular-nums" title={new Date(e.at).toLocaleString()}>{utc(e.at)} <span className="text-xs text-muted">{new Date(e.at).toLocaleTimeString()}</span></time>
            <span className="w-24 shrink-0 text-xs text-muted">{e.category}</span>
            <span className="min-w-0 flex-1 whitespace-pre-wrap break-words">{e.text}</span>
            <span className="shrink-0 text-xs text-muted">{e.actor}</span>
          </li>
        ))}
        {visible.length === 0 ? <li className="px-4 py-2 text-muted">Nothing to show with these filters.</li> : null}
      </ol>
      {canManage ? (
        <form className="flex gap-2 border-t border-line p-3" onSubmit={(ev) => { ev.preventDefault(); if (note.trim()) void act({ op: 'note', text: note.trim() }).then((ok) => ok && setNote('')); }}>
          <input aria-label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Add a note to the timeline" className="h-8 flex-1 rounded-md border border-line bg-surface px-2 text-sm" />
          <Button type="submit" size="sm">Add note</Button>
        </form>
      ) : null}
      {error ? <p role="alert" className="px-4 pb-3 text-sm text-sev-p0">{error}</p> : null}
    </Card>
  );
}
