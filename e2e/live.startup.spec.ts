import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { findFreePort } from '../scripts/stack/processes';

/** Starts the built console with one setting changed (or with `next start`); resolves with its exit code and output. */
async function startConsoleWith(env: Record<string, string>, how: 'server.mjs' | 'next start' = 'server.mjs'): Promise<{ code: number | null; output: string }> {
  const port = await findFreePort();
  const args = ['--hostname', '127.0.0.1', '--port', String(port)];
  const child = how === 'server.mjs' ? spawn(process.execPath, ['server.mjs', ...args], { env: { ...process.env, ...env } }) : spawn('node_modules/.bin/next', ['start', ...args], { env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

test.describe('start-up validation', () => {
  test('a bad catalog file stops the start, naming the file, the path inside it and the reason', async () => {
    const { code, output } = await startConsoleWith({ CATALOG_DIR: 'test/fixtures/catalog/bad-threshold' });
    expect(code).toBe(1);
    expect(output).toContain('bad-threshold/x.yaml: signals.0.rules.0.threshold: Invalid input: expected number, received string');
  });

  test('issue 12 point 3: `next start` is refused in production, naming server.mjs (the client address must come from the socket)', async () => {
    const { code, output } = await startConsoleWith({}, 'next start');
    expect(code).toBe(1);
    expect(output).toContain('start the console with `node server.mjs` (npm start), not `next start`');
  });

  test('a bad environment variable stops the start, naming it', async () => {
    const { code, output } = await startConsoleWith({ SIGNAL_WINDOW: '5 minutes' });
    expect(code).toBe(1);
    expect(output).toContain('SIGNAL_WINDOW: must be a Prometheus duration');
  });
});
