// A real HAProxy (Debian's package) on loopback in front of several console replicas: round robin over
// every request (no stickiness, no cookie, each request of a keep-alive connection balanced again), its
// configuration in a temporary directory, stopped and removed after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failOnExit, findFreePort, startProcess, stopProcess, waitUntil, type Service } from './processes';

const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

/** The response header that names the replica (the HAProxy server name) that answered. */
export const REPLICA_HEADER = 'x-voicehive-replica';

export type Backend = { name: string; url: string };

export type HaproxyOptions = {
  backends: Backend[];
  logDir: string;
  /** Defaults to a free port. */
  port?: number;
  /** The path HAProxy checks each replica on (a replica that fails it leaves the rotation until it answers again). */
  healthPath?: string;
};

function hostPort(url: string): string {
  const { hostname, port } = new URL(url);
  if (!port) throw new Error(`backend ${url}: give an explicit port`);
  return `${hostname}:${port}`;
}

/** The configuration: one frontend, one round-robin backend, X-Forwarded-For appended (the console's TRUSTED_PROXY_HOPS=1). */
export function renderHaproxyConfig(options: { port: number; backends: Backend[]; healthPath: string }): string {
  for (const backend of options.backends) if (!/^[A-Za-z0-9_-]+$/.test(backend.name)) throw new Error(`backend name ${JSON.stringify(backend.name)}: letters, digits, _ or - only`);
  return [
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  timeout http-request 30s',
    '  timeout queue 60s',
    // A health check's answer may take this long (unset, it is the 1 s check interval): a replica busy with a burst of
    // requests on a loaded machine is slow, not down. Taken out after 3 failed checks in a row, back after 1 good one.
    '  timeout check 5s',
    '',
    'frontend console',
    `  bind 127.0.0.1:${options.port}`,
    '  default_backend replicas',
    '',
    'backend replicas',
    '  balance roundrobin',
    `  option httpchk GET ${options.healthPath}`,
    `  http-response set-header ${REPLICA_HEADER} %s`,
    ...options.backends.map((backend) => `  server ${backend.name} ${hostPort(backend.url)} check inter 1s fall 3 rise 1`),
    '',
  ].join('\n');
}

/** Starts HAProxy in the foreground (its own process group) and waits until every backend is up behind it. */
export async function startHaproxy(options: HaproxyOptions): Promise<Service & { port: number; configFile: string }> {
  if (!fs.existsSync(HAPROXY)) throw new Error(`no ${HAPROXY}: run scripts/ensure-system-deps.sh haproxy (Debian package "haproxy")`);
  const port = options.port ?? (await findFreePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-haproxy-'));
  const configFile = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(configFile, renderHaproxyConfig({ port, backends: options.backends, healthPath: options.healthPath ?? '/api/health' }));
  const logFile = path.join(options.logDir, `haproxy-${port}.log`);
  // -db: stay in the foreground, no daemon; -f: this configuration only.
  const child = startProcess('haproxy', HAPROXY, ['-db', '-f', configFile], { logFile });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Every backend must have answered through the balancer (round robin: as many answers in a row as replicas).
    const seen = new Set<string>();
    await Promise.race([
      waitUntil(
        async () => {
          const response = await fetch(`${url}${options.healthPath ?? '/api/health'}`, { signal: AbortSignal.timeout(2000) });
          const replica = response.headers.get(REPLICA_HEADER);
          if (response.ok && replica) seen.add(replica);
          return seen.size === options.backends.length;
        },
        `HAProxy on 127.0.0.1:${port} to reach every replica (log: ${logFile})`,
        30_000,
        100,
      ),
      failOnExit(child, 'haproxy', logFile),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: 'haproxy', url, port, pid: child.pid!, configFile, stop };
}
