// Starts snapshot-replica-main.ts as its own Node process (its own memory, caches and Redis connection).
import path from 'node:path';
import { failOnExit, findFreePort, isHttpOk, startProcess, stopProcess, waitUntil, type Service } from './processes';

export async function startSnapshotReplica(options: { root: string; logDir: string; name: string; env: Record<string, string> }): Promise<Service & { port: number }> {
  const port = await findFreePort();
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const tsx = path.join(options.root, 'node_modules', '.bin', 'tsx');
  const child = startProcess(options.name, tsx, ['--conditions=react-server', path.join(options.root, 'scripts', 'stack', 'snapshot-replica-main.ts')], {
    cwd: options.root,
    logFile,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...options.env, REPLICA_PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntil(() => isHttpOk(`${url}/state`), `${options.name} to answer on ${url}`, 60_000, 100), failOnExit(child, options.name, logFile)]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { name: options.name, url, port, pid: child.pid!, stop: () => stopProcess(child) };
}
