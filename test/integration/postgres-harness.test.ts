import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase, startPostgres } from '@/scripts/stack/postgres';

// PostgreSQL comes with Debian's postgresql package (installed by scripts/ensure-system-deps.sh).

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function pgrep(args: string[]): number[] {
  try {
    return execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // exit status 1: nothing matched
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the PostgreSQL test harness', () => {
  it('starts a real server, serves queries and extra databases, and leaves nothing behind when stopped', async () => {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-postgres-harness-'));
    const started = Date.now();
    const postgres = await startPostgres({ logDir });
    console.log(`PostgreSQL started in ${Date.now() - started} ms`);
    const port = Number(new URL(postgres.url).port);
    let stopped = false;
    try {
      expect(postgres.url).toMatch(/^postgres:\/\/voicehive:[0-9a-f]+@127\.0\.0\.1:\d+\/voicehive$/);
      expect(await query(postgres.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await query(postgres.url, 'create table calls (id serial primary key, hotel text not null)');
      await query(postgres.url, "insert into calls (hotel) values ('Lisbon')");
      expect(await query(postgres.url, 'select hotel from calls')).toEqual([{ hotel: 'Lisbon' }]);

      const otherUrl = await createDatabase(postgres.url, 'harness-second');
      expect(new URL(otherUrl).pathname).toBe('/harness-second');
      expect(await query(otherUrl, 'select current_database() as name')).toEqual([{ name: 'harness-second' }]);
      expect(await query(otherUrl, "select count(*)::int as n from pg_tables where schemaname = 'public'")).toEqual([{ n: 0 }]);

      // Only the password gets in.
      const wrong = new URL(postgres.url);
      wrong.password = 'wrong';
      await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);

      // A client still connected at stop must not hold the shutdown up.
      const lingering = new Client({ connectionString: postgres.url });
      lingering.on('error', () => {});
      await lingering.connect();

      const processes = [postgres.pid, ...pgrep(['-P', String(postgres.pid)])];
      expect(processes.length).toBeGreaterThan(4); // postmaster, checkpointer, writers, launchers, the lingering backend
      expect(pgrep(['-f', postgres.dataDir])).toContain(postgres.pid);

      const stopping = Date.now();
      await postgres.stop();
      stopped = true;
      console.log(`PostgreSQL stopped in ${Date.now() - stopping} ms`);
      await lingering.end().catch(() => {});

      expect(await portOpen(port)).toBe(false);
      expect(pgrep(['-f', postgres.dataDir])).toEqual([]);
      expect(processes.filter(alive)).toEqual([]);
      expect(fs.existsSync(path.dirname(postgres.dataDir))).toBe(false);
    } finally {
      if (!stopped) await postgres.stop();
      fs.rmSync(logDir, { recursive: true, force: true });
    }
  });
});
