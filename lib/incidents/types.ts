// The incident as the API and the pages see it (the row with its JSON parsed). Importable from client code.
import type { IncidentRole, IncidentStatus } from './lifecycle';

export type SeverityLevel = 'P0' | 'P1' | 'P2' | 'P3';
export type LinkedAlert = { fingerprint: string; name: string; startsAt: number | null };
export type StartedEvidence = { section: string; rule: string | null; value: number | null; threshold: number | null; source: string };

export type ActionItem = { id: string; text: string; owner: string; due: string | null; state: 'open' | 'done' };
export type Postmortem = {
  rootCause: string;
  contributingFactors: string;
  lessons: string;
  actionItems: ActionItem[];
  /** Checklist item (the configured wording) → done. */
  checklist: Record<string, boolean>;
  waived: { reason: string; by: string; at: number } | null;
};
export const emptyPostmortem = (): Postmortem => ({ rootCause: '', contributingFactors: '', lessons: '', actionItems: [], checklist: {}, waived: null });

export const milestoneIds = ['started', 'detected', 'declared', 'acknowledged', 'mitigated', 'resolved', 'closed'] as const;
export type MilestoneId = (typeof milestoneIds)[number];
export type MilestoneCorrection = { at: number; reason: string; by: string; correctedAt: number };

export type Incident = {
  id: string;
  title: string;
  summary: string;
  severity: SeverityLevel;
  status: IncidentStatus;
  mergedInto: string | null;
  sections: string[];
  alerts: LinkedAlert[];
  roles: Record<IncidentRole, string | null>;
  declaredBy: string;
  declaredAt: number;
  startedAt: number | null;
  startedEvidence: StartedEvidence | null;
  resolvedAt: number | null;
  closedAt: number | null;
  escalationLevel: number;
  lastUpdateAt: number | null;
  milestoneCorrections: Partial<Record<MilestoneId, MilestoneCorrection>>;
  postmortem: Postmortem;
  dismissedProposal: { to: string; basis: string } | null;
  version: number;
  updatedAt: number;
};

/** What a NOC display may read: the wall's strip, nothing else. */
export type WallIncident = Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'declaredAt'> & { commander: string | null };

export function toWallIncident(incident: Incident): WallIncident {
  return { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status, declaredAt: incident.declaredAt, commander: incident.roles.commander };
}

export const timelineCategories = ['severity', 'alert', 'remediation', 'status', 'role', 'communication', 'note', 'escalation', 'other'] as const;
export type TimelineCategory = (typeof timelineCategories)[number];

/** One line of the timeline, wherever it came from; `key` is what a star refers to. */
export type TimelineEvent = { key: string; at: number; category: TimelineCategory; source: 'incident' | 'recorder' | 'audit' | 'alertmanager'; actor: string; text: string; starred: boolean };

export const INCIDENT_ID_PATTERN = /^INC-\d{4}-\d{1,6}$/;
