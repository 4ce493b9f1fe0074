// Starting and stopping the local services the demo and the tests run (simulator, Prometheus, console).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export type Service = { name: string; url: string; pid: number; stop(): Promise<void> };

// Every process started here, so a Ctrl-C during start-up can still stop them (they run in their own groups).
const running = new Set<ChildProcess>();

/** A free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Fails clearly when a fixed port (the demo's) is already taken. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free) throw new Error(`port ${port} (${what}) is already in use on 127.0.0.1; stop what uses it or choose another port`);
}

/** Polls `check` until it returns true; never sleeps a fixed time and gives up with a message after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function isHttpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/**
 * Starts a long-running process in its own process group, its output going to `logFile`, so that
 * stopping it also stops its children (Next starts workers).
 */
export function startProcess(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ChildProcess {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.on('error', (error) => console.error(`[${name}] failed to start: ${error.message}`));
  return child;
}

/** SIGTERM to the group, SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ends early with the tail of the log when a process exits while we wait for it. */
export function failOnExit(child: ChildProcess, name: string, logFile: string): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code, signal) => {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}) while starting; last lines of ${logFile}:\n${tail}`));
    }),
  );
}

/** Stops every process this module started that is still running. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcess(child)));
}
