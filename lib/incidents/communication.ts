// Status-update drafts from the configured templates, filled from live data; people edit them before sending.
import type { IncidentConfig, AudienceId } from './config';
import type { Incident } from './types';

export type DraftFacts = { impact: string; done: string; nextUpdateAt: number; now: number; link: string };

const statusWords: Record<string, string> = { triage: 'Triage', investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring (mitigated)', resolved: 'Resolved', closed: 'Closed', declined: 'Declined', merged: 'Merged' };

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 60 ? `${minutes} minutes` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole).trimEnd();
}

export function draftUpdate(config: IncidentConfig, audience: AudienceId, incident: Incident, facts: DraftFacts): string {
  const template = config.audiences[audience]?.template;
  if (!template) return '';
  const since = incident.startedAt ?? incident.declaredAt;
  return fillTemplate(template, {
    severity: incident.severity,
    title: incident.title,
    status: statusWords[incident.status] ?? incident.status,
    id: incident.id,
    impact: facts.impact,
    sections: incident.sections.join(', ') || '(none linked)',
    since: utc(since),
    commander: incident.roles.commander ? `@${incident.roles.commander}` : '(no commander yet)',
    done: facts.done,
    nextUpdate: utc(facts.nextUpdateAt),
    duration: formatDuration((incident.resolvedAt ?? facts.now) - since),
    rootCause: incident.postmortem.rootCause || 'under investigation',
    link: facts.link,
  });
}
