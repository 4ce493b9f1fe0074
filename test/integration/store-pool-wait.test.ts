// The store reachable but not answering in time: PostgreSQL's one pooled connection held by a long query, so the next
// request waits longer than DATABASE_POOL_WAIT for a connection. The console answers 503 naming the store and why,
// as for any upstream that is down, never a 500 "internal error"; once the connection is free it answers again.
import { sql } from 'kysely';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStore } from '@/lib/server/store/store';
import { createDatabase, startPostgres } from '@/scripts/stack/postgres';
import { root } from './store-engines';

let postgres: Awaited<ReturnType<typeof startPostgres>>;

beforeAll(async () => {
  postgres = await startPostgres({ logDir: `${root}/.run/test-logs` });
  process.env.DATABASE_URL = await createDatabase(postgres.url, 'pool_wait');
  process.env.DATABASE_POOL_SIZE = '1';
  process.env.DATABASE_POOL_WAIT = '300ms';
  process.env.CONSOLE_URL = 'http://127.0.0.1:3000';
}, 60_000);

afterAll(async () => {
  await (await getStore().catch(() => null))?.close();
  await postgres?.stop();
});

const readSections = async () => {
  const sections = await import('@/app/api/sections/route');
  return sections.GET(new NextRequest('http://127.0.0.1:3000/api/sections', { headers: { cookie: 'vh_session=not-a-session' } }));
};

describe('a store whose connections all stay busy', () => {
  it('answers 503 naming the store and the pool wait, then 401 again once a connection is free', async () => {
    const store = await getStore();
    // Holds the pool's only connection until released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = store.db.connection().execute(async (connection) => {
      await sql`select 1`.execute(connection);
      holding();
      await released;
    });
    await held;

    const busy = await readSections();
    expect(busy.status).toBe(503);
    const body = (await busy.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/store is unavailable: every connection stayed busy for longer than DATABASE_POOL_WAIT/);

    release();
    await holder;
    // The unknown session is refused as before: the store answered.
    expect((await readSections()).status).toBe(401);
  });
});
