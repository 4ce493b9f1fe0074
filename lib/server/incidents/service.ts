import 'server-only';
import type { NextRequest } from 'next/server';
import type { ChangeRequest } from '@/lib/api/incident-schemas';
import { ApiError } from '@/lib/api/errors';
import { recordAudit } from '@/lib/audit/log';
import { can, type Permission } from '@/lib/auth/permissions';
import type { AuthorizedRequest } from '@/lib/auth/request-auth';
import { assignRole, changeSeverity, changeStatus, correctMilestone, dismissProposal, editDetails, escalateTo, updatePostmortem } from '@/lib/incidents/changes';
import { changeIncident, declareIncident, getIncident, IncidentConflictError, type Change } from '@/lib/incidents/records';
import { showNumber } from '@/lib/incidents/show-number';
import type { Incident, LinkedAlert, SeverityLevel } from '@/lib/incidents/types';
import { getAlerts } from '@/lib/server/alertmanager';
import { getCatalog } from '@/lib/server/catalog';
import { respondError, respondJson } from '@/lib/server/respond';
import { evaluateSection } from '@/lib/server/section-status-service';
import { getIncidentConfig } from './config';
import { readLinkedSections } from './view';
import { notifyEscalation } from './webhooks';

/** A second permission a change needs beyond the route's own (closing, waiving): refused and audited like authorize does. */
export async function requirePermission(request: NextRequest, context: AuthorizedRequest, permission: Permission): Promise<void> {
  if (can(context.principal.role, permission)) return;
  await recordAudit(context.store, { ...context.actor, action: 'access.denied', target: `${request.method} ${request.nextUrl.pathname}`, outcome: 'denied', detail: { permission } });
  throw new ApiError('forbidden', `Your role (${context.principal.role}) does not have the ${permission} permission.`);
}

/** A 409 from a stale version carries the incident as it is now, so the page can show it and ask again. */
export function respondIncidentError(error: unknown) {
  if (error instanceof IncidentConflictError) return respondJson({ error: { code: 'conflict', message: error.message }, incident: error.current }, 409);
  return respondError(error);
}

type DeclareBody = { section?: string; alertFingerprint?: string; title?: string; summary?: string; severity?: SeverityLevel };

/** Declares from a section (its severity, firing rule and since-when filled in), from an alert row, or blank. */
export async function declareFromRequest(context: AuthorizedRequest, body: DeclareBody, now = Date.now()) {
  const { byId } = getCatalog();
  let sectionId = body.section;
  const alerts: LinkedAlert[] = [];
  if (body.alertFingerprint) {
    const { alerts: active } = await getAlerts().getConsoleAlerts(new Set(byId.keys()));
    const alert = active.find((a) => a.fingerprint === body.alertFingerprint);
    if (!alert) throw new ApiError('not-found', `alertFingerprint: no active alert ${body.alertFingerprint}`, 'alertFingerprint');
    alerts.push({ fingerprint: alert.fingerprint, name: alert.name, startsAt: alert.startsAt });
    sectionId ??= alert.sectionId ?? undefined;
  }
  const section = sectionId ? byId.get(sectionId) : undefined;
  if (sectionId && !section) throw new ApiError('not-found', `section: no section ${sectionId}`, 'section');
  const status = section ? await evaluateSection(section, now) : null;
  const firing = status?.firing ?? null;
  const sectionSeverity = status && /^P[0-3]$/.test(status.severity) ? (status.severity as SeverityLevel) : undefined;
  const severity = body.severity ?? sectionSeverity;
  if (!severity) throw new ApiError('bad-request', 'severity: the section is not firing; choose a severity', 'severity');
  const title = body.title ?? section?.title;
  if (!title) throw new ApiError('bad-request', 'title: must not be empty', 'title');
  return declareIncident(context.store, context.actor, {
    title,
    summary: body.summary ?? (firing ? `${firing.signalName}: ${firing.description} (value ${showNumber(firing.value)}, threshold ${showNumber(firing.threshold)})` : section?.summary ?? ''),
    severity,
    sections: section ? [section.id] : [],
    alerts,
    startedAt: status?.firingSince ?? null,
    startedEvidence: status && firing && status.firingSince ? { section: status.id, rule: firing.description, value: firing.value, threshold: firing.threshold, source: `${firing.description} since then (${status.firingSinceBound === 'at-least' ? 'at least, ' : ''}read back from Prometheus)` } : null,
  }, now);
}

/** Applies one change from the incident page; a stale version is a 409 with the current state. */
export async function applyChange(request: NextRequest, context: AuthorizedRequest, id: string, body: ChangeRequest, now = Date.now()): Promise<Incident> {
  const config = getIncidentConfig();
  let decide: (current: Incident, now: number) => Change;
  let afterwards: ((incident: Incident) => Promise<unknown>) | null = null;
  switch (body.op) {
    case 'status': {
      if (body.to === 'closed') await requirePermission(request, context, 'incident.close');
      const current = await getIncident(context.store.db, id);
      let sectionsOk = true;
      if (body.to === 'resolved') sectionsOk = (await readLinkedSections(current.sections, now)).every((s) => s.severity === 'ok');
      if (body.to === 'merged') {
        if (!body.mergedInto || body.mergedInto === id) throw new ApiError('bad-request', 'mergedInto: must name another incident', 'mergedInto');
        await getIncident(context.store.db, body.mergedInto);
      }
      decide = changeStatus(body.to, { sectionsOk, reason: body.reason ?? null, mergedInto: body.mergedInto ?? null });
      break;
    }
    case 'severity':
      decide = changeSeverity(body.to, body.reason, body.fromProposal ? { basis: 'the linked sections' } : null);
      break;
    case 'dismiss-proposal':
      decide = dismissProposal(body.to, body.basis);
      break;
    case 'role':
      decide = assignRole(body.role, body.to);
      break;
    case 'details':
      for (const s of body.sections ?? []) if (!getCatalog().byId.has(s)) throw new ApiError('bad-request', `sections: no section ${s}`, 'sections');
      decide = editDetails(body);
      break;
    case 'milestone':
      decide = correctMilestone(body.milestone, body.at, body.reason, context.actor.actor);
      break;
    case 'postmortem': {
      if (body.waiveReason !== undefined) await requirePermission(request, context, 'incident.close');
      decide = updatePostmortem({ rootCause: body.rootCause, contributingFactors: body.contributingFactors, lessons: body.lessons, actionItems: body.actionItems, checklist: body.checklist, waiveReason: body.waiveReason }, context.actor.actor);
      break;
    }
    case 'escalate': {
      const current = await getIncident(context.store.db, id);
      const level = config.escalation[current.escalationLevel + 1];
      if (!level) throw new ApiError('conflict', 'escalation: the last level is already engaged', 'escalation');
      decide = escalateTo(current.escalationLevel + 1, level.name, body.reason);
      afterwards = (incident) => notifyEscalation(context.store, context.actor, incident, level.id, `[${incident.severity}] ${incident.id} ${incident.title}: escalated to ${level.name} by ${context.actor.actor}${body.reason ? ` (${body.reason})` : ''}`);
      break;
    }
  }
  const incident = await changeIncident(context.store, context.actor, id, body.version, decide, now);
  if (afterwards) await afterwards(incident);
  return incident;
}
