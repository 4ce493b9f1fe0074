// A real, throwaway Alertmanager (Debian's prometheus-alertmanager) on loopback for tests and the demo: its own
// temporary storage, no cluster gossip port, notifications routed nowhere; stopped and removed after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failOnExit, findFreePort, isHttpOk, startProcess, stopProcess, waitUntil, type Service } from './processes';

export type AlertmanagerOptions = {
  logDir: string;
  /** Defaults to a free port. */
  port?: number;
};

export const alertmanagerBinary = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

// One route to a receiver with no integrations: alerts are grouped and kept (and can be silenced), nobody is paged.
// A short group_wait so an alert pushed in a test is processed (active, or suppressed by a silence) within a second.
const CONFIG = `route:
  receiver: 'null'
  group_by: ['alertname', 'section']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: 'null'
`;

/** Starts Alertmanager on 127.0.0.1 (as any user, root included) and waits until `/-/ready` answers. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<Service & { url: string; port: number }> {
  if (!fs.existsSync(alertmanagerBinary)) throw new Error(`${alertmanagerBinary} not found: run scripts/ensure-system-deps.sh (Debian package "prometheus-alertmanager")`);
  const port = options.port ?? (await findFreePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(configFile, CONFIG);
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.logDir, `alertmanager-${port}.log`);
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Empty: no gossip listener (port 9094 on every interface otherwise), so several can run side by side.
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  const child = startProcess('alertmanager', alertmanagerBinary, args, { logFile });
  const stop = async () => {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitUntil(() => isHttpOk(`${url}/-/ready`), `Alertmanager /-/ready on ${url} (log: ${logFile})`, 30_000, 50), failOnExit(child, 'prometheus-alertmanager', logFile)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: 'alertmanager', url, port, pid: child.pid!, stop };
}
