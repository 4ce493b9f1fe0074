import 'server-only';
import { randomUUID } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import type { CompletionBody } from '@/lib/api/routine-schemas';
import { appendAudit } from '@/lib/audit/log';
import type { AuthorizedRequest } from '@/lib/auth/request-auth';
import { answerItem, type LiveAnswer } from '@/lib/routines/answers';
import type { Routine, RoutineItem } from '@/lib/routines/config';
import type { Figure } from '@/lib/routines/figures';
import { judgeDrill, type DrillVerdict } from '@/lib/routines/drill';
import { describeState, latestOccurrence, routineState, type RoutineState } from '@/lib/routines/schedule';
import type { SectionStatus } from '@/lib/severity/section-status';
import { getCatalog } from '@/lib/server/catalog';
import { evaluateSection } from '@/lib/server/section-status-service';
import type { Store } from '@/lib/server/store/open-store';
import { readFigure, readWindowedStatus } from './live-readings';
import { insertCompletion, lastCompletedAt, listCompletions, type Completion } from './completions';
import { findRoutine, getRoutinesConfig } from './config';

/** A routine's schedule state as JSON carries it (epoch ms). */
export type RoutineStatus = {
  id: string;
  title: string;
  sources: string[];
  schedule: string;
  timeZone: string;
  state: RoutineState['state'];
  occurrenceAt: number | null;
  nextAt: number | null;
  overdueMinutes: number | null;
  /** "Morning checklist overdue by 40 min". */
  summary: string;
  lastCompletedAt: number | null;
};

function toStatus(routine: Routine, timeZone: string, now: number, last: number | null): RoutineStatus {
  const state = routineState(routine, timeZone, new Date(now), last === null ? null : new Date(last));
  return {
    id: routine.id,
    title: routine.title,
    sources: routine.sources,
    schedule: routine.schedule,
    timeZone,
    state: state.state,
    occurrenceAt: 'occurrence' in state ? state.occurrence.getTime() : null,
    nextAt: state.next?.getTime() ?? null,
    overdueMinutes: state.state === 'overdue' ? state.overdueMinutes : null,
    summary: describeState(routine.title, state),
    lastCompletedAt: last,
  };
}

/** Every routine with its state now: overdue first, then due, then by the next occurrence. */
export async function listRoutineStatuses(store: Store, now = Date.now()): Promise<RoutineStatus[]> {
  const { routines, timeZone } = getRoutinesConfig();
  const last = await lastCompletedAt(store.db);
  const rank = { overdue: 0, due: 1, done: 2, 'not-yet': 3 } as const;
  return routines.map((r) => toStatus(r, timeZone, now, last.get(r.id) ?? null)).sort((a, b) => rank[a.state] - rank[b.state] || (a.nextAt ?? Infinity) - (b.nextAt ?? Infinity));
}

export type RoutineItemView = { id: string; text: string; command: string | null; answer: LiveAnswer | null; figures: Figure[] };

/** One item's live answer: from the section's evaluation, or from its signal read over the item's own window. */
async function answerOne(item: RoutineItem, statuses: Map<string, SectionStatus | Error>, now: number): Promise<LiveAnswer | null> {
  if (!item.live) return null;
  const { window } = item.live;
  if (!window) return answerItem(item.live, statuses.get(item.live.section)!);
  const section = getCatalog().byId.get(item.live.section);
  return answerItem(item.live, section ? await readWindowedStatus(section, { ...item.live, window }, now) : new Error(`no catalog section ${item.live.section}`));
}

/** Each live item answered (each section evaluated once, in parallel), with its figures. */
export async function answerRoutine(routine: Routine, now = Date.now()): Promise<RoutineItemView[]> {
  const { byId } = getCatalog();
  const sectionIds = [...new Set(routine.items.flatMap((i) => (i.live && !i.live.window ? [i.live.section] : [])))];
  const statuses = new Map<string, SectionStatus | Error>(
    await Promise.all(
      sectionIds.map(async (id) => {
        const section = byId.get(id);
        if (!section) return [id, new Error(`no catalog section ${id}`)] as const;
        try {
          return [id, await evaluateSection(section, now)] as const;
        } catch (error) {
          return [id, error instanceof Error ? error : new Error(String(error))] as const;
        }
      }),
    ),
  );
  return Promise.all(
    routine.items.map(async (item) => {
      const [answer, figures] = await Promise.all([answerOne(item, statuses, now), Promise.all((item.figures ?? []).map((f) => readFigure(byId.get(f.section)!, f, now)))]);
      return { id: item.id, text: item.text, command: item.command ?? null, answer, figures };
    }),
  );
}

export type RoutineView = { routine: RoutineStatus; drill: NonNullable<Routine['drill']> | null; items: RoutineItemView[]; canComplete?: boolean };

export async function buildRoutineView(store: Store, id: string, now = Date.now()): Promise<RoutineView> {
  const routine = findRoutine(id);
  if (!routine) throw new ApiError('not-found', `No routine ${id}.`);
  const { timeZone } = getRoutinesConfig();
  const [last, items] = await Promise.all([lastCompletedAt(store.db), answerRoutine(routine, now)]);
  return { routine: toStatus(routine, timeZone, now, last.get(id) ?? null), drill: routine.drill ?? null, items };
}

export type RoutineHistory = { routine: RoutineStatus; drill: NonNullable<Routine['drill']> | null; completions: (Completion & { verdict: DrillVerdict | null })[] };

export async function buildRoutineHistory(store: Store, id: string, now = Date.now()): Promise<RoutineHistory> {
  const routine = findRoutine(id);
  if (!routine) throw new ApiError('not-found', `No routine ${id}.`);
  const { timeZone } = getRoutinesConfig();
  const completions = await listCompletions(store.db, id);
  return {
    routine: toStatus(routine, timeZone, now, completions[0]?.completedAt ?? null),
    drill: routine.drill ?? null,
    completions: completions.map((c) => ({ ...c, verdict: routine.drill && c.drill ? judgeDrill(routine.drill, c.drill) : null })),
  };
}

/** Checks the ticks against the routine's items: every item answered once, an unticked one says why. */
function checkTicks(routine: Routine, body: CompletionBody): void {
  const seen = new Set<string>();
  body.items.forEach((item, i) => {
    if (!routine.items.some((r) => r.id === item.id)) throw new ApiError('bad-request', `items.${i}.id: ${routine.id} has no item ${item.id}`, `items.${i}.id`);
    if (seen.has(item.id)) throw new ApiError('bad-request', `items.${i}.id: ${item.id} is given twice`, `items.${i}.id`);
    seen.add(item.id);
    if (!item.checked && !item.note) throw new ApiError('bad-request', `items.${i}.note: an item left unticked needs a note saying why`, `items.${i}.note`);
  });
  const missing = routine.items.find((r) => !seen.has(r.id));
  if (missing) throw new ApiError('bad-request', `items: item ${missing.id} is not answered (tick it, or leave it unticked with a note)`, 'items');
  if (routine.drill && !body.drill) throw new ApiError('bad-request', 'drill: the DR drill records the measured recovery time and data loss', 'drill');
  if (!routine.drill && body.drill) throw new ApiError('bad-request', `drill: ${routine.id} is not a DR drill`, 'drill');
}

/**
 * Completes a routine: the live answers are read again here (what the person saw may be minutes old, and the
 * browser's word is not evidence), kept with the ticks and notes, and audited in the same transaction.
 */
export async function completeRoutine(context: AuthorizedRequest, id: string, body: CompletionBody, now = Date.now()): Promise<Completion & { verdict: DrillVerdict | null }> {
  const routine = findRoutine(id);
  if (!routine) throw new ApiError('not-found', `No routine ${id}.`);
  checkTicks(routine, body);
  const { timeZone } = getRoutinesConfig();
  const answered = await answerRoutine(routine, now);
  const ticks = new Map(body.items.map((i) => [i.id, i]));
  const completion: Completion = {
    id: randomUUID(),
    routineId: routine.id,
    occurrenceAt: latestOccurrence(routine.schedule, timeZone, new Date(now))?.getTime() ?? null,
    completedBy: context.actor.actor,
    completedAt: now,
    note: body.note,
    items: answered.map((a) => ({ id: a.id, text: a.text, command: a.command, answer: a.answer, figures: a.figures, checked: ticks.get(a.id)!.checked, note: ticks.get(a.id)!.note })),
    drill: body.drill ?? null,
  };
  const verdict = routine.drill && completion.drill ? judgeDrill(routine.drill, completion.drill) : null;
  await context.store.writeTransaction(async (trx) => {
    await insertCompletion(trx, completion);
    await appendAudit(trx, {
      ...context.actor,
      action: 'routine.complete',
      target: `routine ${routine.id}`,
      outcome: 'success',
      detail: {
        completion: completion.id,
        occurrenceAt: completion.occurrenceAt,
        note: completion.note,
        items: completion.items.map((i) => ({ id: i.id, checked: i.checked, note: i.note, answer: i.answer?.state ?? 'manual' })),
        ...(verdict ? { drill: verdict } : {}),
      },
    });
  });
  return { ...completion, verdict };
}
