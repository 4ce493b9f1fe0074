import { getEnv } from '@/lib/env';
import { listIncidents } from '@/lib/incidents/records';
import { getStore } from '@/lib/server/store/store';
import { LiveIncidentBanner, type BannerIncident } from './live-incident-banner';

async function readOpenIncidents(): Promise<BannerIncident[]> {
  try {
    return (await listIncidents((await getStore()).db, { openOnly: true })).map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status, commander: i.roles.commander }));
  } catch {
    // The header must not take the page down; the incidents page says what is wrong.
    return [];
  }
}

/** On every page while an incident is open: which, how bad, who leads it, and a link to it. */
export async function IncidentBanner() {
  return <LiveIncidentBanner initial={await readOpenIncidents()} pollMs={getEnv().POLL_INTERVAL_MS} />;
}
