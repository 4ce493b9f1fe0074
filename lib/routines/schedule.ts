// When a routine is due (issue 19): its latest scheduled time at or before now, read in the configured time
// zone (croner follows DST), is due for graceMinutes and overdue after, until a completion at or after it.
import { Cron } from 'croner';

export type RoutineState =
  | { state: 'done'; occurrence: Date; next: Date | null }
  | { state: 'due'; occurrence: Date; next: Date | null }
  | { state: 'overdue'; occurrence: Date; overdueMinutes: number; next: Date | null }
  | { state: 'not-yet'; next: Date | null };

/** The latest occurrence at or before `now`, or null if none within a year (croner only looks forward). */
export function latestOccurrence(schedule: string, timeZone: string, now: Date): Date | null {
  const cron = new Cron(schedule, { timezone: timeZone, paused: true });
  for (const days of [1, 8, 40, 370]) {
    let cursor: Date | null = new Date(now.getTime() - days * 86_400_000);
    let latest: Date | null = null;
    // nextRun is strict (> from), so an occurrence exactly at `now` is found too.
    while ((cursor = cron.nextRun(cursor)) && cursor.getTime() <= now.getTime()) latest = cursor;
    if (latest) return latest;
  }
  return null;
}

export function routineState(
  routine: { schedule: string; graceMinutes: number },
  timeZone: string,
  now: Date,
  lastCompletedAt: Date | null,
): RoutineState {
  const cron = new Cron(routine.schedule, { timezone: timeZone, paused: true });
  const next = cron.nextRun(now);
  const occurrence = latestOccurrence(routine.schedule, timeZone, now);
  if (!occurrence) return { state: 'not-yet', next };
  if (lastCompletedAt && lastCompletedAt.getTime() >= occurrence.getTime()) return { state: 'done', occurrence, next };
  const late = now.getTime() - occurrence.getTime() - routine.graceMinutes * 60_000;
  if (late <= 0) return { state: 'due', occurrence, next };
  return { state: 'overdue', occurrence, overdueMinutes: Math.floor(late / 60_000), next };
}

/** "Morning checklist overdue by 40 min", "… overdue by 2 h 5 min". */
export function describeState(title: string, state: RoutineState): string {
  switch (state.state) {
    case 'done':
      return `${title} done`;
    case 'due':
      return `${title} due`;
    case 'not-yet':
      return `${title} not yet due`;
    case 'overdue': {
      const h = Math.floor(state.overdueMinutes / 60);
      const m = state.overdueMinutes % 60;
      return `${title} overdue by ${h > 0 ? `${h} h ${m} min` : `${m} min`}`;
    }
  }
}
