import 'server-only';
import { Cron } from 'croner';
import { isOpen } from '@/lib/incidents/lifecycle';
import { listIncidents } from '@/lib/incidents/records';
import type { DailyReport } from '@/lib/routines/daily-report';
import { judgeDrill } from '@/lib/routines/drill';
import { dayBounds, dayInZone } from '@/lib/routines/format';
import type { Store } from '@/lib/server/store/open-store';
import { listCompletionsBetween } from './completions';
import { getRoutinesConfig } from './config';


function verdictState(json: string | null): string | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { state?: unknown };
    return typeof parsed.state === 'string' ? parsed.state : null;
  } catch {
    return null;
  }
}

/** The day's report from the stores (incidents, action runs, the audit log's acknowledgements, completions). */
export async function buildDailyReport(store: Store, day: string | undefined, now = Date.now()): Promise<DailyReport> {
  const { timeZone, routines } = getRoutinesConfig();
  const date = day ?? dayInZone(now, timeZone);
  const { from, to } = dayBounds(date, timeZone);

  // The day's incidents: declared during it, resolved during it, or declared before and still open.
  const incidents = (await listIncidents(store.db, { to: to - 1 })).filter((i) => i.declaredAt >= from || (i.resolvedAt !== null ? i.resolvedAt >= from : isOpen(i.status)));
  const runs = await store.db.selectFrom('action_runs').select(['id', 'title', 'section_id', 'target', 'requested_by', 'requested_at', 'status', 'verdict']).where('requested_at', '>=', from).where('requested_at', '<', to).orderBy('requested_at').execute();
  const acks = await store.db.selectFrom('audit_log').select(['at', 'actor', 'target', 'detail']).where('action', '=', 'alert.ack').where('outcome', '=', 'success').where('at', '>=', from).where('at', '<', to).orderBy('at').execute();
  const completions = await listCompletionsBetween(store.db, from, to);

  const byId = new Map(routines.map((r) => [r.id, r]));
  const done = completions.map((c) => {
    const routine = byId.get(c.routineId);
    return {
      routineId: c.routineId,
      title: routine?.title ?? c.routineId,
      completedBy: c.completedBy,
      completedAt: c.completedAt,
      note: c.note,
      red: c.items.filter((i) => i.answer?.state === 'red').map((i) => i.text),
      unknown: c.items.filter((i) => i.answer?.state === 'unknown').map((i) => i.text),
      drill: routine?.drill && c.drill ? judgeDrill(routine.drill, c.drill) : null,
    };
  });
  // Occurrences of the day already past, with no completion that names them (completed for a later one counts too).
  const missed: DailyReport['routines']['missed'] = [];
  for (const routine of routines) {
    const cron = new Cron(routine.schedule, { timezone: timeZone, paused: true });
    for (let at = cron.nextRun(new Date(from - 1)); at && at.getTime() < Math.min(to, now); at = cron.nextRun(at)) {
      const occurrence = at.getTime();
      const covered = completions.some((c) => c.routineId === routine.id && c.occurrenceAt !== null && c.occurrenceAt >= occurrence);
      if (!covered) missed.push({ routineId: routine.id, title: routine.title, occurrenceAt: occurrence });
    }
  }

  const remediations = runs.map((r) => ({ id: r.id, title: r.title, section: r.section_id, target: r.target, requestedBy: r.requested_by, requestedAt: Number(r.requested_at), status: r.status, verdict: verdictState(r.verdict) }));
  const acknowledgements = acks.map((a) => {
    const detail = JSON.parse(a.detail) as { comment?: unknown };
    return { at: Number(a.at), by: a.actor, alert: a.target ?? '', comment: typeof detail.comment === 'string' ? detail.comment : '' };
  });
  return {
    day: date,
    timeZone,
    from,
    to,
    generatedAt: now,
    figures: {
      incidentsDeclared: incidents.filter((i) => i.declaredAt >= from).length,
      incidentsOpenAtEnd: incidents.filter((i) => isOpen(i.status) || (i.resolvedAt !== null && i.resolvedAt >= to)).length,
      remediations: remediations.length,
      remediationsSucceeded: remediations.filter((r) => r.status === 'succeeded').length,
      remediationsFailed: remediations.filter((r) => r.status === 'failed').length,
      recovered: remediations.filter((r) => r.verdict === 'recovered').length,
      acknowledgements: acknowledgements.length,
      routinesDone: done.length,
      routinesMissed: missed.length,
    },
    incidents: incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status, declaredAt: i.declaredAt, resolvedAt: i.resolvedAt, commander: i.roles.commander })).sort((a, b) => a.declaredAt - b.declaredAt),
    remediations,
    acknowledgements,
    routines: { done, missed },
  };
}
