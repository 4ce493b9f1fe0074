import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedAccounts, type SeededAccounts } from '../../scripts/stack/accounts';
import { startConsole } from '../../scripts/stack/console';
import { findFreePort, type Service } from '../../scripts/stack/processes';
import { e2eLogDir } from './run';

const root = path.resolve(__dirname, '../..');

/**
 * Another built console on the same estate (the stack's Prometheus), with settings of its own (an
 * environment name, a tone) and its own store and accounts: what a server-side setting changes in a page
 * can only be seen on a console started with it. The caller stops it.
 */
export async function startSecondConsole(env: Record<string, string>): Promise<{ service: Service; url: string; accounts: SeededAccounts; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-e2e-console-'));
  const storeEnv = { STORE_PATH: path.join(dir, 'store.sqlite') };
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startConsole({
    port,
    root,
    logDir: path.join(e2eLogDir, `console-${port}`),
    env: {
      PROMETHEUS_URL: process.env.E2E_PROMETHEUS_URL!,
      CONSOLE_URL: url,
      SIGNAL_WINDOW: '15s',
      HISTORY_LOOKBACK: '30m',
      HISTORY_STEP: '5s',
      POLL_INTERVAL_MS: '2000',
      STALE_UNKNOWN_AFTER_MS: '10000',
      UPSTREAM_CACHE_TTL_MS: '1000',
      ...storeEnv,
      ...env,
    },
  });
  const accounts = await seedAccounts(root, storeEnv);
  return {
    service,
    url,
    accounts,
    stop: async () => {
      await service.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
