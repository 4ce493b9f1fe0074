import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, request, test } from '@playwright/test';
import { startConsole } from '../scripts/stack/console';
import { startPostgres } from '../scripts/stack/postgres';
import { findFreePort } from '../scripts/stack/processes';
import { e2eLogDir } from './support/run';

const root = path.resolve(__dirname, '..');

// The built console on PostgreSQL (DATABASE_URL) instead of SQLite: it migrates at start-up, the CLI
// writes to the same database, and sign-in, a permission check and the audit chain work end to end.
test('the console runs on PostgreSQL: migrates, signs in, authorizes and audits', async () => {
  const logDir = path.join(e2eLogDir, 'postgres');
  const postgres = await startPostgres({ logDir });
  const port = await findFreePort();
  const consoleUrl = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: postgres.url, CONSOLE_URL: consoleUrl, STORE_PATH: path.join(os.tmpdir(), 'must-not-be-used.sqlite') };
  try {
    const console = await startConsole({ port, root, logDir, env });
    try {
      const ops = (...args: string[]) => promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/ops.ts', ...args], { cwd: root, env: { ...process.env, ...env, OPS_PASSWORD: 'a long enough password' } });
      await ops('user', 'add', 'pat', '--role', 'viewer');
      const browser = await request.newContext({ baseURL: consoleUrl, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { origin: consoleUrl } });
      expect((await browser.post('/api/auth/login', { data: { username: 'pat', password: 'a long enough password' } })).status()).toBe(200);
      expect((await browser.get('/api/auth/me')).status()).toBe(200);
      expect((await browser.get('/api/audit')).status()).toBe(403);
      const verify = await ops('audit', 'verify');
      // user.create, auth.sign-in, access.denied: written by the CLI and the server into one chain.
      expect(verify.stdout).toContain('audit log intact: 3 records');
      await browser.dispose();
    } finally {
      await console.stop();
    }
  } finally {
    await postgres.stop();
  }
});
