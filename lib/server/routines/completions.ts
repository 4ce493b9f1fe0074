import 'server-only';
import type { Kysely } from 'kysely';
import type { LiveAnswer } from '@/lib/routines/answers';
import type { Figure } from '@/lib/routines/figures';
import type { Database, RoutineCompletionRow } from '@/lib/server/store/schema';

/** One item as it stood when the routine was completed. */
export type CompletedItem = { id: string; text: string; checked: boolean; note: string; answer: LiveAnswer | null; command: string | null; /** The figures as read at completion (absent on completions kept before figures existed). */ figures?: Figure[] };

export type Completion = {
  id: string;
  routineId: string;
  occurrenceAt: number | null;
  completedBy: string;
  completedAt: number;
  note: string;
  items: CompletedItem[];
  drill: { recoveryMinutes: number; dataLossMinutes: number } | null;
};

export function toCompletion(row: RoutineCompletionRow): Completion {
  return {
    id: row.id,
    routineId: row.routine_id,
    occurrenceAt: row.occurrence_at === null ? null : Number(row.occurrence_at),
    completedBy: row.completed_by,
    completedAt: Number(row.completed_at),
    note: row.note,
    items: JSON.parse(row.items) as CompletedItem[],
    drill: row.drill_recovery_minutes === null || row.drill_data_loss_minutes === null ? null : { recoveryMinutes: row.drill_recovery_minutes, dataLossMinutes: row.drill_data_loss_minutes },
  };
}

export async function insertCompletion(trx: Kysely<Database>, c: Completion): Promise<void> {
  await trx
    .insertInto('routine_completions')
    .values({
      id: c.id,
      routine_id: c.routineId,
      occurrence_at: c.occurrenceAt,
      completed_by: c.completedBy,
      completed_at: c.completedAt,
      note: c.note,
      items: JSON.stringify(c.items),
      drill_recovery_minutes: c.drill?.recoveryMinutes ?? null,
      drill_data_loss_minutes: c.drill?.dataLossMinutes ?? null,
    })
    .execute();
}

/** The latest completion time per routine. */
export async function lastCompletedAt(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('routine_completions').select(['routine_id', (eb) => eb.fn.max('completed_at').as('last')]).groupBy('routine_id').execute();
  return new Map(rows.map((r) => [r.routine_id, Number(r.last)]));
}

/** A routine's completions, newest first. */
export async function listCompletions(db: Kysely<Database>, routineId: string, limit = 200): Promise<Completion[]> {
  const rows = await db.selectFrom('routine_completions').selectAll().where('routine_id', '=', routineId).orderBy('completed_at', 'desc').limit(limit).execute();
  return rows.map(toCompletion);
}

/** Every completion in [from, to), oldest first (the daily report). */
export async function listCompletionsBetween(db: Kysely<Database>, from: number, to: number): Promise<Completion[]> {
  const rows = await db.selectFrom('routine_completions').selectAll().where('completed_at', '>=', from).where('completed_at', '<', to).orderBy('completed_at').execute();
  return rows.map(toCompletion);
}
