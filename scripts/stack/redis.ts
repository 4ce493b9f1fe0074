// A real, throwaway Redis (Debian's redis-server) on loopback for tests and the demo: no persistence, its own
// temporary directory, stopped and removed after.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { failOnExit, findFreePort, startProcess, stopProcess, waitUntil, type Service } from './processes';

export type RedisOptions = {
  logDir: string;
  /** Defaults to a free port. */
  port?: number;
  /** Sets `requirepass`; the URL then carries it. */
  password?: string;
  /** More `--name value` settings, e.g. `['--rename-command', 'FLUSHDB', '']` to behave like a locked-down production Redis. */
  extraArgs?: string[];
};

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** Sends PING; any reply (PONG, or NOAUTH from a password-protected server) means it is accepting commands. */
export function pingRedis(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString('utf8'))));
  });
}

/** Starts redis-server on 127.0.0.1 (as any user, root included) and waits until it answers a PING. */
export async function startRedis(options: RedisOptions): Promise<Service & { url: string; port: number }> {
  if (!fs.existsSync(REDIS_SERVER)) throw new Error(`no ${REDIS_SERVER}: run scripts/ensure-system-deps.sh (Debian package "redis-server")`);
  const port = options.port ?? (await findFreePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-redis-'));
  const logFile = path.join(options.logDir, `redis-${port}.log`);
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', '--daemonize', 'no'];
  if (options.password) args.push('--requirepass', options.password);
  args.push(...(options.extraArgs ?? []));
  const child = startProcess('redis', REDIS_SERVER, args, { logFile });
  const stop = async () => {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitUntil(() => pingRedis(port), `Redis to answer PING on 127.0.0.1:${port} (log: ${logFile})`, 30_000, 25), failOnExit(child, 'redis-server', logFile)]);
  } catch (error) {
    await stop();
    throw error;
  }
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return { name: 'redis', url: `redis://${auth}127.0.0.1:${port}`, port, pid: child.pid!, stop };
}
