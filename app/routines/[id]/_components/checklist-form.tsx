'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConsoleApiError, describeError, requestJson } from '@/lib/client/api';
import { formatValue } from '@/lib/format';
import type { LiveAnswer } from '@/lib/routines/answers';
import { describeFigure } from '@/lib/routines/format';
import type { RoutineItemView } from '@/lib/server/routines/service';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/code-block';
import { AnswerBadge } from '../../_components/state-badge';

function describeAnswer(a: LiveAnswer): string {
  const unit = a.unit ?? 'count';
  const limits = [a.thresholds.min !== undefined ? `≥ ${formatValue(a.thresholds.min, unit)}` : null, a.thresholds.max !== undefined ? `≤ ${formatValue(a.thresholds.max, unit)}` : null].filter(Boolean).join(' and ');
  const value = a.value === null ? (a.state === 'green' ? (a.reason ?? 'none') : 'no value') : `${formatValue(a.value, unit)}${a.series ? ` (${a.series})` : ''}`;
  return `${a.signalName ?? a.signal}${a.window ? ` over the last ${spellWindow(a.window)}` : ''}: ${value}; within when ${limits}`;
}

/** "24h" → "24 h", "30m" → "30 min". */
const spellWindow = (window: string) => window.replace(/^(\d+)([mhd])$/, (_, n: string, u: string) => `${n} ${u === 'm' ? 'min' : u}`);

type Tick = { checked: boolean; note: string };

/** The checklist: live answers shown, ticks and notes kept in the form until the routine is completed. */
export function ChecklistForm({ routineId, items, drill, canComplete, dailyReport }: { routineId: string; items: RoutineItemView[]; drill: { rtoMinutes: number; rpoMinutes: number } | null; canComplete: boolean; dailyReport: boolean }) {
  const router = useRouter();
  const [ticks, setTicks] = useState<Record<string, Tick>>(() => Object.fromEntries(items.map((i) => [i.id, { checked: false, note: '' }])));
  const [note, setNote] = useState('');
  const [recovery, setRecovery] = useState('');
  const [dataLoss, setDataLoss] = useState('');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'sending' } | { kind: 'error'; message: string; field?: string } | { kind: 'done'; at: number }>({ kind: 'idle' });
  const set = (id: string, change: Partial<Tick>) => setTicks((t) => ({ ...t, [id]: { ...t[id]!, ...change } }));

  async function complete() {
    setState({ kind: 'sending' });
    try {
      const body = {
        items: items.map((i) => ({ id: i.id, checked: ticks[i.id]!.checked, note: ticks[i.id]!.note })),
        note,
        ...(drill ? { drill: { recoveryMinutes: Number(recovery === '' ? NaN : recovery), dataLossMinutes: Number(dataLoss === '' ? NaN : dataLoss) } } : {}),
      };
      const { completion } = await requestJson<{ completion: { completedAt: number } }>(`/api/routines/${routineId}/completions`, { method: 'POST', body });
      setState({ kind: 'done', at: completion.completedAt });
      router.refresh();
    } catch (error) {
      setState({ kind: 'error', message: describeError(error), field: error instanceof ConsoleApiError ? error.field : undefined });
    }
  }

  return (
    <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); void complete(); }} aria-label="Checklist">
      <ol className="divide-y divide-line rounded-lg border border-line bg-surface">
        {items.map((item, index) => (
          <li key={item.id} className="space-y-2 px-4 py-3" data-item={item.id} data-answer={item.answer?.state ?? 'manual'}>
            <div className="flex flex-wrap items-start gap-3">
              <input id={`tick-${item.id}`} type="checkbox" className="mt-1 size-4" checked={ticks[item.id]!.checked} disabled={!canComplete} onChange={(e) => set(item.id, { checked: e.target.checked })} />
              <label htmlFor={`tick-${item.id}`} className="min-w-0 flex-1 font-medium">{index + 1}. {item.text}</label>
              {item.answer ? <AnswerBadge state={item.answer.state} /> : <span className="text-xs text-muted">manual</span>}
            </div>
            {item.answer ? (
              <p className="pl-7 text-sm text-muted">
                {describeAnswer(item.answer)}
                {item.answer.state === 'unknown' && item.answer.reason ? <span className="block">Why unknown: {item.answer.reason}</span> : null}{' '}
                <Link href={`/runbooks/${item.answer.section}`} className="text-accent hover:underline">Section</Link>
              </p>
            ) : null}
            {item.figures.length > 0 ? (
              <ul className="pl-7 text-sm text-muted" aria-label={`Figures for ${item.text}`}>
                {item.figures.map((f) => <li key={f.label} data-figure={f.state}>{describeFigure(f)}</li>)}
              </ul>
            ) : null}
            {item.command ? <div className="pl-7"><CodeBlock code={item.command} /></div> : null}
            {canComplete ? (
              <div className="pl-7">
                <label className="sr-only" htmlFor={`note-${item.id}`}>Note on {item.text}</label>
                <input id={`note-${item.id}`} className="w-full rounded-md border border-line bg-canvas px-2 py-1 text-sm" placeholder="Note (needed if left unticked)" maxLength={2000} value={ticks[item.id]!.note} onChange={(e) => set(item.id, { note: e.target.value })} aria-invalid={state.kind === 'error' && state.field === `items.${index}.note`} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {dailyReport ? <p className="text-sm">The day&apos;s report: <Link href="/routines/daily-report" className="text-accent hover:underline">open the daily report</Link> (page and Markdown export).</p> : null}
      {canComplete ? (
        <div className="space-y-3 rounded-lg border border-line bg-surface p-4">
          {drill ? (
            <fieldset className="flex flex-wrap gap-4">
              <legend className="mb-1 text-sm font-medium">Drill measurements (targets: RTO {drill.rtoMinutes} min, RPO {drill.rpoMinutes} min)</legend>
              <label className="text-sm">Recovery time (min) <input type="number" min={0} className="ml-1 w-24 rounded-md border border-line bg-canvas px-2 py-1" value={recovery} onChange={(e) => setRecovery(e.target.value)} aria-invalid={state.kind === 'error' && state.field?.startsWith('drill')} /></label>
              <label className="text-sm">Data loss (min) <input type="number" min={0} className="ml-1 w-24 rounded-md border border-line bg-canvas px-2 py-1" value={dataLoss} onChange={(e) => setDataLoss(e.target.value)} aria-invalid={state.kind === 'error' && state.field?.startsWith('drill')} /></label>
            </fieldset>
          ) : null}
          <label className="block text-sm font-medium" htmlFor="routine-note">Note</label>
          <textarea id="routine-note" className="w-full rounded-md border border-line bg-canvas px-2 py-1 text-sm" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={state.kind === 'sending'}>Complete routine</Button>
            <Button onClick={() => router.refresh()}>Read the answers again</Button>
            <span role="status" className="text-sm">
              {state.kind === 'sending' ? 'Completing…' : state.kind === 'done' ? `Completed at ${new Date(state.at).toLocaleTimeString()}; the answers were read again and kept with it.` : null}
            </span>
          </div>
          {state.kind === 'error' ? <p role="alert" className="text-sm text-sev-p0">{state.message}</p> : null}
        </div>
      ) : (
        <p className="text-sm text-muted">Your role can read routines; an operator completes them.</p>
      )}
    </form>
  );
}
