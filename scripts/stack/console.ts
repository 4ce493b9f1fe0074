// The built console (server.mjs: Next.js behind a server that knows each request's socket) on loopback.
import path from 'node:path';
import { failOnExit, isHttpOk, startProcess, stopProcess, waitUntil, type Service } from './processes';

/** `nodeArgs`: flags for node itself (the bench's --cpu-prof, which NODE_OPTIONS does not accept). */
export async function startConsole(options: { port: number; env: Record<string, string>; logDir: string; root: string; nodeArgs?: string[] }): Promise<Service> {
  const url = `http://127.0.0.1:${options.port}`;
  const logFile = path.join(options.logDir, 'console.log');
  const child = startProcess('console', process.execPath, [...(options.nodeArgs ?? []), path.join(options.root, 'server.mjs'), '--hostname', '127.0.0.1', '--port', String(options.port)], {
    cwd: options.root,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    logFile,
  });
  await Promise.race([waitUntil(() => isHttpOk(`${url}/api/health`), 'the console /api/health', 90_000), failOnExit(child, 'console', logFile)]);
  return { name: 'console', url, pid: child.pid!, stop: () => stopProcess(child) };
}
