'use client';

import { useOpenIncidents } from '@/lib/client/incidents-api';

const duration = (ms: number) => {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
};

/**
 * The open incidents across the wall, readable from three metres: id, severity, title, commander, how long.
 * A display reads only these fields (the API gives it nothing more). Nothing open, nothing shown; a failed
 * read says so rather than looking like "no incident".
 */
export function NocIncidentStrip({ pollMs, now }: { pollMs: number; now: number | null }) {
  const { data, error } = useOpenIncidents(pollMs);
  if (error && !data) return <p role="status" className="text-[2vh] text-sev-unknown">Incidents unavailable: {error.message}</p>;
  if (!data || data.incidents.length === 0) return null;
  return (
    <ul aria-label="Open incidents" data-testid="noc-incidents" className="flex flex-wrap gap-[1vh]">
      {data.incidents.map((incident) => (
        <li key={incident.id} className="flex items-baseline gap-[1.2vh] rounded-[0.8vh] border-[0.3vh] border-sev-p0 bg-surface px-[1.5vh] py-[0.6vh] text-[2.6vh] leading-tight">
          <span className="rounded-[0.5vh] bg-sev-p0 px-[0.8vh] font-bold text-sev-p0-fg">{incident.severity}</span>
          <span className="font-semibold tabular-nums">{incident.id}</span>
          <span className="max-w-[60vw] truncate">{incident.title}</span>
          <span className="text-muted">IC {('roles' in incident ? incident.roles.commander : incident.commander) ?? '—'}</span>
          <span className="tabular-nums text-muted">{now !== null ? duration(now - incident.declaredAt) : ''}</span>
        </li>
      ))}
    </ul>
  );
}
