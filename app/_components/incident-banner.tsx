import Link from 'next/link';
import { listIncidents } from '@/lib/incidents/records';
import type { Incident } from '@/lib/incidents/types';
import { getStore } from '@/lib/server/store/store';

async function readOpenIncidents(): Promise<Incident[] | null> {
  try {
    return await listIncidents((await getStore()).db, { openOnly: true });
  } catch {
    // The header must not take the page down; the incidents page says what is wrong.
    return null;
  }
}

/** On every page while an incident is open: which, how bad, who leads it, and a link to it. */
export async function IncidentBanner() {
  const open = await readOpenIncidents();
  if (!open || open.length === 0) return null;
  return (
    <div role="status" aria-label="Open incidents" data-testid="incident-banner" className="border-b-2 border-sev-p0 bg-sev-p0/10">
      <ul className="mx-auto flex max-w-[1920px] flex-wrap gap-x-6 gap-y-1 px-4 py-1.5 text-sm">
        {open.map((incident) => (
          <li key={incident.id}>
            <Link href={`/incidents/${incident.id}`} className="hover:underline">
              <span className="font-semibold">{incident.id}</span> [{incident.severity}] {incident.title} — {incident.status}, commander {incident.roles.commander ?? 'not assigned'}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
