'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { fetchOpenIncidents } from '@/lib/client/incidents-api';

export type BannerIncident = { id: string; title: string; severity: string; status: string; commander: string | null };

/**
 * The open incidents on every page, kept live: the header is a layout and is not drawn again on navigation,
 * so it polls (and reads again on every page change). A failed read keeps the last answer.
 */
export function LiveIncidentBanner({ initial, pollMs }: { initial: BannerIncident[]; pollMs: number }) {
  const [open, setOpen] = useState(initial);
  const pathname = usePathname();
  useEffect(() => {
    const controller = new AbortController();
    const read = () =>
      fetchOpenIncidents(controller.signal)
        .then(({ incidents }) => setOpen(incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status, commander: 'roles' in i ? i.roles.commander : i.commander }))))
        .catch(() => undefined);
    void read();
    const timer = setInterval(() => void read(), pollMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [pathname, pollMs]);
  if (open.length === 0) return null;
  return (
    <div role="status" aria-label="Open incidents" data-testid="incident-banner" className="border-b-2 border-sev-p0 bg-sev-p0/10">
      <ul className="mx-auto flex max-w-[1920px] flex-wrap gap-x-6 gap-y-1 px-4 py-1.5 text-sm">
        {open.map((incident) => (
          <li key={incident.id}>
            <Link href={`/incidents/${incident.id}`} className="hover:underline">
              <span className="font-semibold">{incident.id}</span> [{incident.severity}] {incident.title} — {incident.status}, commander {incident.commander ?? 'not assigned'}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
