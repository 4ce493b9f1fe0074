// Routine completions (issue 19) kept in the store, on SQLite and PostgreSQL alike: the migration's table, the
// latest completion per routine, a routine's history newest first, and a day's completions for the daily report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCompletion, lastCompletedAt, listCompletions, listCompletionsBetween, type Completion } from '@/lib/server/routines/completions';
import type { Store } from '@/lib/server/store/open-store';
import { closeStores, engines, freshConfig, open, type Engine } from './store-engines';

afterAll(closeStores);

const completion = (id: string, routineId: string, completedAt: number, drill: Completion['drill'] = null): Completion => ({
  id, routineId, occurrenceAt: completedAt - 600_000, completedBy: 'user ada', completedAt, note: `note ${id}`, drill,
  items: [{ id: 'backups', text: 'Check backup status', command: null, checked: true, note: '', answer: { section: 'backups', signal: 'backup-age', signalName: 'Backup age', state: 'red', value: 7200, series: 'postgres', unit: 'timestamp-age', thresholds: { max: 3600 }, reason: null, readAt: completedAt } }],
});

describe.each(engines)('routine completions on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await open(await freshConfig(engine, 'routines'));
  });

  it('keeps completions with their answers and drill measurements, and reads them back by routine and by day', async () => {
    const day = Date.parse('2026-12-04T00:00:00Z');
    await store.writeTransaction(async (trx) => {
      await insertCompletion(trx, completion('a', 'morning-checklist', day + 9 * 3_600_000));
      await insertCompletion(trx, completion('b', 'morning-checklist', day - 15 * 3_600_000));
      await insertCompletion(trx, completion('c', 'dr-drill', day + 3 * 3_600_000, { recoveryMinutes: 190, dataLossMinutes: 12 }));
    });
    expect(Object.fromEntries(await lastCompletedAt(store.db))).toEqual({ 'morning-checklist': day + 9 * 3_600_000, 'dr-drill': day + 3 * 3_600_000 });
    const morning = await listCompletions(store.db, 'morning-checklist');
    expect(morning.map((c) => c.id)).toEqual(['a', 'b']);
    expect(morning[0]).toEqual(completion('a', 'morning-checklist', day + 9 * 3_600_000));
    const today = await listCompletionsBetween(store.db, day, day + 86_400_000);
    expect(today.map((c) => [c.id, c.drill])).toEqual([['c', { recoveryMinutes: 190, dataLossMinutes: 12 }], ['a', null]]);
  });
});

describe('the routines list the pages show, with a fake clock across the clocks going back (Europe/London)', () => {
  it('is due, then overdue by the minute, then done once completed; 09:00 is 08:00 UTC before 25 October and 09:00 UTC after', async () => {
    const { listRoutineStatuses } = await import('@/lib/server/routines/service');
    const store = await open(await freshConfig('sqlite', 'routines-clock'));
    const morning = async (at: string) => (await listRoutineStatuses(store, Date.parse(at))).find((r) => r.id === 'morning-checklist')!;
    // Summer time: 09:00 BST is 08:00 UTC; grace 30 min.
    await store.writeTransaction((trx) => insertCompletion(trx, completion('d1', 'morning-checklist', Date.parse('2026-10-23T08:05:00Z'))));
    expect(await morning('2026-10-24T08:10:00Z')).toMatchObject({ state: 'due', summary: 'Morning checklist due', occurrenceAt: Date.parse('2026-10-24T08:00:00Z') });
    expect((await morning('2026-10-24T09:10:00Z')).summary).toBe('Morning checklist overdue by 40 min');
    await store.writeTransaction((trx) => insertCompletion(trx, completion('d2', 'morning-checklist', Date.parse('2026-10-24T09:12:00Z'))));
    expect(await morning('2026-10-24T09:15:00Z')).toMatchObject({ state: 'done', nextAt: Date.parse('2026-10-25T09:00:00Z') });
    // After the change (Sunday 25 October 01:00 UTC): 09:00 GMT is 09:00 UTC, so at 09:10 UTC it is due, not overdue.
    expect(await morning('2026-10-25T08:40:00Z')).toMatchObject({ state: 'done' }); // 08:40 UTC is 08:40 GMT: today's 09:00 has not come yet
    expect(await morning('2026-10-25T09:10:00Z')).toMatchObject({ state: 'due', occurrenceAt: Date.parse('2026-10-25T09:00:00Z') });
    expect((await morning('2026-10-25T09:40:00Z')).summary).toBe('Morning checklist overdue by 10 min');
  });
});
