'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { fetchOverview } from '@/lib/client/api';
import { declareIncident, useOpenIncidents } from '@/lib/client/incidents-api';
import { queryKeys } from '@/lib/client/query-keys';
import { useNow } from '@/lib/client/use-now';
import { useOverviewFeed } from '@/lib/client/use-overview-feed';

type Props = { sectionId?: string; canDeclare: boolean; levels: string[]; afterMinutes: number; pollMs: number };

/**
 * "Declare incident", prominent, for a section at a prompting level (P0/P1) for longer than configured with no
 * open incident; and, where one is open for the section, a link to it instead (declaring twice offers it).
 */
export function DeclarePrompt({ sectionId, canDeclare, levels, afterMinutes, pollMs }: Props) {
  // The overview's stream (when it delivers) fills this query: polling only as its fallback.
  const streaming = useOverviewFeed(pollMs);
  const overview = useQuery({ queryKey: queryKeys.sections(), queryFn: ({ signal }) => fetchOverview(signal), refetchInterval: streaming ? false : pollMs, staleTime: streaming ? Infinity : pollMs / 2 });
  const open = useOpenIncidents(pollMs);
  const now = useNow();
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!overview.data || !open.data || now === null) return null;
  const incidents = open.data.incidents.filter((i): i is typeof i & { sections: string[] } => 'sections' in i);
  const sections = overview.data.sections.filter((s) => !sectionId || s.id === sectionId);
  const covered = (id: string) => incidents.find((i) => i.sections.includes(id));
  if (sectionId) {
    const existing = covered(sectionId);
    if (existing) {
      return (
        <div role="status" data-testid="open-incident-for-section" className="rounded-lg border border-sev-p1 bg-surface px-4 py-2 text-sm">
          Incident <Link href={`/incidents/${existing.id}`} className="font-semibold text-accent hover:underline">{existing.id}</Link> is open for this section ({existing.severity}, {existing.status}).
        </div>
      );
    }
  }
  const due = sections.filter((s) => levels.includes(s.severity) && s.firingSince !== null && now - s.firingSince >= afterMinutes * 60_000 && !covered(s.id));
  if (due.length === 0) return null;
  const declare = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      const { incident } = await declareIncident({ section: id });
      router.push(`/incidents/${incident.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(null);
    }
  };
  return (
    <div role="alert" data-testid="declare-prompt" className="space-y-2 rounded-lg border-2 border-sev-p0 bg-surface p-3">
      {due.map((s) => (
        <div key={s.id} className="flex flex-wrap items-center gap-3">
          <span className="font-semibold">{s.severity}</span>
          <span>
            <Link href={`/runbooks/${s.id}`} className="font-medium hover:underline">{s.title}</Link> has been {s.severity} for {Math.round((now - s.firingSince!) / 60_000)} min with no incident.
          </span>
          {canDeclare ? (
            <Button variant="primary" size="sm" disabled={busy !== null} onClick={() => void declare(s.id)}>
              {busy === s.id ? 'Declaring…' : 'Declare incident'}
            </Button>
          ) : (
            <span className="text-xs text-muted">An operator can declare it.</span>
          )}
        </div>
      ))}
      {error ? <p className="text-sm text-sev-p0">Could not declare: {error}</p> : null}
    </div>
  );
}
