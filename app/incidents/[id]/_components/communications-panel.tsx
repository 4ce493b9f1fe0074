'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { fetchDrafts, incidentKeys, sendUpdate, type Delivery } from '@/lib/client/incidents-api';

const countdown = (ms: number) => `${ms < 0 ? 'overdue by ' : 'in '}${Math.floor(Math.abs(ms) / 60_000)} min ${String(Math.floor((Math.abs(ms) % 60_000) / 1000)).padStart(2, '0')} s`;

/** Status-update drafts per audience, edited and sent; the next update's countdown by the severity's cadence. */
export function CommunicationsPanel({ incidentId, nextUpdateAt, now }: { incidentId: string; nextUpdateAt: number | null; now: number }) {
  const client = useQueryClient();
  const drafts = useQuery({ queryKey: incidentKeys.drafts(incidentId), queryFn: ({ signal }) => fetchDrafts(incidentId, signal), staleTime: Infinity });
  const [audience, setAudience] = useState('internal');
  // What the person typed per audience; until then the draft from live data.
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Delivery | { state: 'error'; detail: string } | null>(null);
  const draft = drafts.data?.drafts.find((d) => d.audience === audience);
  const text = edited[audience] ?? draft?.text ?? '';
  const setText = (value: string) => setEdited({ ...edited, [audience]: value });
  const send = async () => {
    setResult(null);
    try {
      setResult((await sendUpdate(incidentId, audience, text)).delivery);
      await client.invalidateQueries({ queryKey: incidentKeys.one(incidentId) });
    } catch (error) {
      setResult({ state: 'error', detail: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <Card as="section" aria-labelledby="updates-heading">
      <CardHeader id="updates-heading" title="Status updates">
        {nextUpdateAt !== null ? <span data-testid="next-update" className={`text-xs ${nextUpdateAt <= now ? 'font-semibold text-sev-p0' : 'text-muted'}`}>Next update {countdown(nextUpdateAt - now)}</span> : null}
      </CardHeader>
      <div className="space-y-2 p-4 text-sm">
        <div className="flex gap-1" role="tablist" aria-label="Audience">
          {(drafts.data?.drafts ?? []).map((d) => (
            <Button key={d.audience} role="tab" aria-selected={d.audience === audience} size="sm" variant={d.audience === audience ? 'primary' : 'default'} onClick={() => { setAudience(d.audience); setResult(null); }}>
              {d.title}{d.webhook ? '' : ' (no webhook)'}
            </Button>
          ))}
        </div>
        {drafts.error ? <p role="alert" className="text-sev-p0">Drafts could not be made: {String(drafts.error.message)}</p> : null}
        <textarea aria-label="Update text" rows={9} value={text} onChange={(e) => setText(e.target.value)} className="w-full rounded-md border border-line bg-surface p-2 font-mono text-xs" />
        <div className="flex items-center gap-2">
          <Button variant="primary" size="sm" disabled={!text.trim()} onClick={() => void send()}>Send update</Button>
          <Button size="sm" variant="ghost" onClick={() => { setEdited(Object.fromEntries(Object.entries(edited).filter(([key]) => key !== audience))); void drafts.refetch(); }}>Redraft from live data</Button>
          {result ? <span role="status" data-testid="delivery" data-state={result.state} className={result.state === 'delivered' ? '' : 'text-sev-p1'}>{result.state}: {result.detail}</span> : null}
        </div>
      </div>
    </Card>
  );
}
