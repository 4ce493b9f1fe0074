'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { describeError } from '@/lib/client/api';
import { postRevert, useTemporaryChanges, type PublicTemporaryChange } from '@/lib/client/temporary-api';
import { useNow } from '@/lib/client/use-now';
import { formatClock, formatDuration } from '@/lib/format';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';

// Temporary changes in effect (issue 14 point 12): what was set, what it replaced, when the console sets it
// back; on a section page with "Set back now", on the overview as a strip that is there only while one is.

const show = (value: string | null) => (value === null ? '(not set)' : value);
const inEffect = (c: PublicTemporaryChange) => c.state === 'active' || c.state === 'reverting';

function describeEnd(change: PublicTemporaryChange, now: number | null): string {
  if (change.state === 'reverting') return 'being set back now';
  if (change.state === 'active') {
    const left = change.revertAt - (now ?? change.revertAt);
    const overdue = left <= 0 ? `due since ${formatClock(change.revertAt)}, not set back yet` : `ends in ${formatDuration(left)} (${formatClock(change.revertAt)})`;
    return change.lastError ? `${overdue}; setting back failed ${change.attempts} time${change.attempts === 1 ? '' : 's'}: ${change.lastError}` : overdue;
  }
  const by = change.endedBy === 'system' ? 'when its time ran out' : `by ${change.endedBy}`;
  return change.state === 'conflict' ? `not set back (${by}): ${change.endNote}` : `set back ${by}${change.endedAt ? ` at ${formatClock(change.endedAt)}` : ''}`;
}

function ValuesLine({ change }: { change: PublicTemporaryChange }) {
  return (
    <p className="font-mono text-xs break-words">
      {Object.entries(change.set).map(([name, value]) => (
        <span key={name} className="mr-3 inline-block">
          {name}={value} <span className="text-muted">(was {show(change.previous[name] ?? null)})</span>
        </span>
      ))}
    </p>
  );
}

function SetBackButton({ change, onDone }: { change: PublicTemporaryChange; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function setBack() {
    setSending(true);
    setError(null);
    try {
      await postRevert(change.runId, null);
      setAsking(false);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }
  if (!asking) {
    return (
      <Button size="sm" data-testid="temporary-set-back" onClick={() => setAsking(true)}>
        Set back now
      </Button>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs">Set {Object.keys(change.set).join(', ')} back to the previous values now?</span>
      <Button size="sm" variant="primary" data-testid="temporary-set-back-confirm" onClick={() => void setBack()} aria-busy={sending} disabled={sending}>
        Set back
      </Button>
      <Button size="sm" onClick={() => setAsking(false)}>
        Keep it
      </Button>
      {error ? (
        <p role="alert" className="basis-full text-xs text-sev-p0">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  );
}

/** One section's temporary changes: in effect, and ended in the last day. Nothing at all while there are none. */
export function TemporaryChangesCard({ sectionId, canSetBack }: { sectionId: string; canSetBack: boolean }) {
  const { changes, error, refetch } = useTemporaryChanges(sectionId);
  const queryClient = useQueryClient();
  const now = useNow();
  if (changes === undefined && !error) return null;
  if (changes !== undefined && changes.length === 0 && !error) return null;
  const active = changes?.filter(inEffect) ?? [];
  return (
    <Card as="section" aria-labelledby="temporary-heading" data-testid="temporary-changes" data-active={active.length}>
      <CardHeader id="temporary-heading" title={`Temporary changes${active.length > 0 ? ` in effect: ${active.length}` : ''}`} />
      {changes === undefined ? <p className="px-4 py-3 text-sm text-sev-unknown-fg">The temporary changes cannot be read: {describeError(error)}</p> : null}
      <ul className="divide-y divide-line">
        {(changes ?? []).map((change) => (
          <li key={change.runId} data-testid="temporary-change" data-state={change.state} className="space-y-1 px-4 py-2.5 text-sm">
            <p>
              <span className="font-medium">{change.title}</span> <span className="text-muted">on {change.target}, set by {change.setBy}</span>
            </p>
            <ValuesLine change={change} />
            <p className={`text-xs ${change.state === 'conflict' || change.lastError ? 'text-sev-p1-fg' : 'text-muted'}`}>{describeEnd(change, now)}</p>
            {canSetBack && change.state === 'active' ? (
              <SetBackButton
                change={change}
                onDone={() => {
                  void refetch();
                  void queryClient.invalidateQueries({ queryKey: ['temporary-changes'] });
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {changes !== undefined && error ? <p className="border-t border-line px-4 py-1.5 text-xs text-sev-unknown-fg">Last refresh failed ({describeError(error)}); trying again.</p> : null}
    </Card>
  );
}

/** The overview's line of temporary changes in effect, each linking to its section; absent while there are none. */
export function TemporaryChangesStrip() {
  const { changes, error } = useTemporaryChanges();
  const now = useNow();
  const active = changes?.filter(inEffect) ?? [];
  if (active.length === 0) return error && changes === undefined ? <p className="text-xs text-sev-unknown-fg">Temporary changes cannot be read: {describeError(error)}</p> : null;
  return (
    <section aria-label="Temporary changes in effect" data-testid="temporary-strip" className="rounded-lg border border-sev-p2/60 bg-surface px-3 py-2 text-sm">
      <p className="font-medium">Temporary changes in effect: {active.length}</p>
      <ul className="mt-1 space-y-0.5">
        {active.map((change) => (
          <li key={change.runId} className="text-xs">
            <Link href={`/runbooks/${change.sectionId}#temporary-heading`} className="text-accent hover:underline">
              {change.title}
            </Link>{' '}
            <span className="text-muted">on {change.target}: {describeEnd(change, now)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
