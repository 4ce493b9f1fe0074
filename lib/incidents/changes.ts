// What each kind of change does to an incident, as `decide` functions for changeIncident: they check the
// rules against the current state and say what to set, what the timeline shows and what the audit records.
import { ApiError } from '@/lib/api/errors';
import { checkTransition, roleTitles, type IncidentRole, type IncidentStatus } from './lifecycle';
import type { Change } from './records';
import type { Incident, MilestoneId, Postmortem, SeverityLevel } from './types';

type Decide = (current: Incident, now: number) => Change;

export type StatusFacts = { sectionsOk: boolean; reason?: string | null; mergedInto?: string | null };

export function changeStatus(to: IncidentStatus, facts: StatusFacts): Decide {
  return (current, now) => {
    const postmortemDone = current.postmortem.rootCause.trim().length > 0 || current.postmortem.waived !== null;
    const refusal = checkTransition(current.status, to, { commander: current.roles.commander, sectionsOk: facts.sectionsOk, reason: facts.reason, postmortemDone, mergedInto: facts.mergedInto });
    if (refusal) throw new ApiError('conflict', `status: ${refusal}`, 'status');
    const forced = to === 'resolved' && !facts.sectionsOk;
    return {
      set: {
        status: to,
        ...(to === 'resolved' ? { resolved_at: now } : {}),
        ...(to === 'investigating' && current.status === 'resolved' ? { resolved_at: null } : {}),
        ...(to === 'closed' ? { closed_at: now } : {}),
        ...(to === 'merged' ? { merged_into: facts.mergedInto ?? null } : {}),
      },
      events: [{ kind: 'status', text: `Status ${current.status} → ${to}${to === 'merged' ? ` into ${facts.mergedInto}` : ''}${facts.reason ? `: ${facts.reason}` : ''}${forced ? ' (a linked section was not ok)' : ''}`, data: { from: current.status, to, reason: facts.reason ?? null, sectionsOk: facts.sectionsOk } }],
      action: 'incident.status',
      detail: { from: current.status, to, reason: facts.reason ?? null, sectionsOk: facts.sectionsOk, mergedInto: facts.mergedInto ?? null },
    };
  };
}

export function changeSeverity(to: SeverityLevel, reason: string, proposal: { basis: string } | null): Decide {
  return (current) => {
    if (current.severity === to) throw new ApiError('conflict', `severity: the incident is already ${to}`, 'severity');
    return {
      set: { severity: to, dismissed_proposal: null },
      events: [{ kind: 'severity', text: `Severity ${current.severity} → ${to}: ${reason}${proposal ? ` (proposed from ${proposal.basis})` : ''}`, data: { from: current.severity, to, reason, proposal } }],
      action: 'incident.severity',
      detail: { from: current.severity, to, reason, proposal },
    };
  };
}

export function dismissProposal(to: SeverityLevel, basis: string): Decide {
  return (current) => ({
    set: { dismissed_proposal: JSON.stringify({ to, basis }) },
    events: [{ kind: 'severity', text: `Kept ${current.severity}: dismissed the proposal to go to ${to} (${basis})`, data: { kept: current.severity, dismissed: to, basis } }],
    action: 'incident.severity',
    detail: { kept: current.severity, dismissed: to, basis },
  });
}

const roleColumn: Record<IncidentRole, 'commander' | 'communications_lead' | 'scribe'> = { commander: 'commander', communications_lead: 'communications_lead', scribe: 'scribe' };

/** Handing a role over is one change: the previous holder and the new one in one event. */
export function assignRole(role: IncidentRole, to: string | null): Decide {
  return (current) => {
    const from = current.roles[role];
    if (from === to) throw new ApiError('conflict', `role: ${to ?? 'nobody'} already holds it`, 'role');
    if (role === 'commander' && !to && !['triage', 'declined', 'merged'].includes(current.status)) throw new ApiError('conflict', `role: a ${current.status} incident needs a commander; hand it over instead of removing it`, 'role');
    return {
      set: { [roleColumn[role]]: to },
      events: [{ kind: 'role', text: `${roleTitles[role]}: ${from ? `${from} → ` : ''}${to ?? 'nobody'}`, data: { role, from, to } }],
      action: 'incident.role',
      detail: { role, from, to },
    };
  };
}

export function editDetails(details: { title?: string; summary?: string; sections?: string[] }): Decide {
  return (current) => ({
    set: { ...(details.title !== undefined ? { title: details.title } : {}), ...(details.summary !== undefined ? { summary: details.summary } : {}), ...(details.sections ? { sections: JSON.stringify(details.sections) } : {}) },
    events: [{ kind: 'link', text: `Details edited${details.sections ? ` (sections: ${details.sections.join(', ')})` : ''}`, data: { before: { title: current.title, summary: current.summary, sections: current.sections }, after: details } }],
    action: 'incident.update',
    detail: { before: { title: current.title, summary: current.summary, sections: current.sections }, after: details },
  });
}

export function correctMilestone(milestone: MilestoneId, at: number, reason: string, by: string): Decide {
  return (current, now) => ({
    set: { milestone_corrections: JSON.stringify({ ...current.milestoneCorrections, [milestone]: { at, reason, by, correctedAt: now } }) },
    events: [{ kind: 'milestone', text: `Milestone "${milestone}" corrected to ${new Date(at).toISOString()}: ${reason}`, data: { milestone, at, reason, previous: current.milestoneCorrections[milestone] ?? null } }],
    action: 'incident.milestone',
    detail: { milestone, at, reason },
  });
}

export function updatePostmortem(patch: Partial<Omit<Postmortem, 'waived'>> & { waiveReason?: string | null }, by: string): Decide {
  return (current, now) => {
    const { waiveReason, ...given } = patch;
    // Only the parts sent change; an absent one keeps what was written.
    const rest = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<Omit<Postmortem, 'waived'>>;
    const next: Postmortem = { ...current.postmortem, ...rest, waived: waiveReason === undefined ? current.postmortem.waived : waiveReason ? { reason: waiveReason, by, at: now } : null };
    const changed = Object.keys(rest).concat(waiveReason !== undefined ? ['waived'] : []);
    return {
      set: { postmortem: JSON.stringify(next) },
      events: [{ kind: 'postmortem', text: waiveReason ? `Post-mortem waived: ${waiveReason}` : `Post-mortem edited (${changed.join(', ')})`, data: { changed } }],
      action: 'incident.postmortem',
      detail: { changed, ...(waiveReason ? { waived: waiveReason } : {}) },
    };
  };
}

export function escalateTo(level: number, levelName: string, reason: string): Decide {
  return (current) => {
    if (level <= current.escalationLevel) throw new ApiError('conflict', `escalation: ${levelName} is already engaged`, 'escalation');
    return {
      set: { escalation_level: level },
      events: [{ kind: 'escalation', text: `Escalated to ${levelName}${reason ? `: ${reason}` : ''}`, data: { from: current.escalationLevel, to: level, levelName, reason } }],
      action: 'incident.escalate',
      detail: { from: current.escalationLevel, to: level, levelName, reason },
    };
  };
}
