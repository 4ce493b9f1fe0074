// The built console (server.mjs, as `npm start` and the image run it) on SIGTERM: it stops listening, closes
// the store and exits 0. Its SQLite store is left closed cleanly: the write-ahead log is checkpointed and
// removed, which happens only when the last connection closes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, isHttpOk, startProcess, stopProcess, waitUntil } from '@/scripts/stack/processes';

const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-shutdown-'));
let stopLeftover: (() => Promise<void>) | undefined;

afterAll(async () => {
  await stopLeftover?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown of the built console', () => {
  it('on SIGTERM stops taking requests, closes the store and exits 0', async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const store = path.join(dir, 'store.sqlite');
    const logFile = path.join(dir, 'console.log');
    const child = startProcess('console', process.execPath, ['server.mjs', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: root,
      // Prometheus is not there (a port nothing listens on): the console is ready all the same.
      env: { ...process.env, NODE_ENV: 'production', STORE_PATH: store, CONSOLE_URL: url, PROMETHEUS_URL: `http://127.0.0.1:${await findFreePort()}`, SHUTDOWN_GRACE_MS: '5000' },
      logFile,
    });
    stopLeftover = () => stopProcess(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitUntil(() => isHttpOk(`${url}/api/health/ready`), 'the console to be ready', 120_000);
    // The store is open (WAL mode): its write-ahead log exists while the console runs.
    expect(fs.existsSync(`${store}-wal`)).toBe(true);

    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain('SIGTERM: shutting down');
    expect(log).toContain('[store] closed');
    expect(log).toContain('shutdown: 0 running work finished, 0 interrupted');
    expect(log).toContain('stopped (exit 0)');
    expect(fs.existsSync(`${store}-wal`)).toBe(false);
    await expect(fetch(`${url}/api/health/live`)).rejects.toThrow();
    // And the store opens again with everything in it.
    const reopened = new Sqlite(store, { readonly: true });
    expect((reopened.prepare('select count(*) as n from users').get() as { n: number }).n).toBeGreaterThanOrEqual(0);
    reopened.close();
  });
});
