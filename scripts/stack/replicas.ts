// Several replicas of the built console (one `next build`, each started by server.mjs) on one PostgreSQL store
// and one Redis, behind HAProxy (round robin, no stickiness), in front of the simulated estate (simulator,
// Prometheus, Alertmanager), sharing the console's own Redis: the way a team runs it as a Kubernetes Deployment behind a Service.
// One set per test file, shared by its tests (starting one costs a few CPU-heavy seconds per replica).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { seedAccounts, type SeededAccounts } from './accounts';
import { startConsole } from './console';
import { REPLICA_HEADER, startHaproxy } from './haproxy';
import { startPostgres } from './postgres';
import { startRedis } from './redis';
import { findFreePort, type Service } from './processes';
import { startStack, type Stack } from './stack';

export { REPLICA_HEADER };

export type Replica = {
  /** The HAProxy server name, also sent back in the `x-voicehive-replica` response header. */
  name: string;
  /** The replica itself, bypassing the balancer (to aim a request at one replica). */
  url: string;
  service: Service;
  /** SIGKILL to the replica's process group: no shutdown, no cleanup (a node lost, an OOM kill). */
  kill(): void;
};

export type ReplicaSetOptions = {
  root: string;
  /** Logs go to <root>/test-results/replicas-logs/<name>/. */
  name: string;
  /** 2 or 3 (default 3). */
  count?: number;
  scenario?: string;
  /** The balancer's port, when the caller must know the console's URL first (an OIDC client's redirect URI); default a free one. */
  port?: number;
  /** More console settings (lib/env.ts), on every replica. */
  consoleEnv?: Record<string, string>;
  /** The Kubernetes double's controller step (scripts/stack/stack.ts); an hour leaves rollouts to `stack.stepKube()`. */
  kubeStepMs?: number;
};

export type ReplicaSet = {
  /** The balancer: the console's one URL (CONSOLE_URL of every replica). */
  url: string;
  replicas: Replica[];
  databaseUrl: string;
  /** The console's own Redis (CONSOLE_REDIS_URL of every replica): shared upstream reads and last good readings. */
  consoleRedisUrl: string;
  stack: Stack;
  /** One account per role and a display token, seeded into the shared store. */
  accounts: SeededAccounts;
  /** Every replica's settings (to start one more, or run the CLI on the same store). */
  env: Record<string, string>;
  /** Starts (again) the replica of this name on its port, e.g. after `kill()`. */
  startReplica(name: string): Promise<Replica>;
  stop(): Promise<void>;
};

/** Like the browser tests' estate: short windows so that a scenario shows within seconds. */
const defaultConsoleEnv = {
  SIGNAL_WINDOW: '15s',
  HISTORY_LOOKBACK: '30m',
  HISTORY_STEP: '5s',
  POLL_INTERVAL_MS: '2000',
  ACTION_RECOVERY_HOLD: '10s',
  STALE_UNKNOWN_AFTER_MS: '10000',
  UPSTREAM_CACHE_TTL_MS: '1000',
  PROMETHEUS_TIMEOUT_MS: '3000',
  ENVIRONMENT_NAME: 'replicas',
};

export async function startReplicaSet(options: ReplicaSetOptions): Promise<ReplicaSet> {
  const count = options.count ?? 3;
  const logDir = path.join(options.root, 'test-results', 'replicas-logs', options.name);
  const started: { stop(): Promise<void> }[] = [];
  const replicas: Replica[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop().catch((error: unknown) => console.error(error));
    started.length = 0;
  };
  try {
    const consoleEnvInput = { ...defaultConsoleEnv, ...options.consoleEnv };
    const stack = await startStack({
      root: options.root,
      logDir,
      ports: { sim: await findFreePort(), prometheus: await findFreePort() },
      scenario: options.scenario ?? 'healthy',
      scrapeInterval: '1s',
      consoleEnv: consoleEnvInput,
      kubeStepMs: options.kubeStepMs,
    });
    started.push(stack);
    const postgres = await startPostgres({ logDir });
    started.push(postgres);
    // The console's own Redis, apart from the estate's (which the runbooks' Redis buttons act on), as in production.
    const consoleRedis = await startRedis({ logDir });
    started.push(consoleRedis);

    const port = options.port ?? (await findFreePort());
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PROMETHEUS_URL: stack.prometheus.url,
      ...stack.upstreamEnv,
      CONSOLE_URL: url,
      DATABASE_URL: postgres.url,
      CONSOLE_REDIS_URL: consoleRedis.url,
      // HAProxy appends the client's address to X-Forwarded-For: the console reads it there (throttles, the audit log).
      TRUSTED_PROXY_HOPS: '1',
      // The same on every replica, as a Secret would give it: a sign-in started on one replica ends on another.
      OIDC_STATE_SECRET: randomBytes(32).toString('base64url'),
      ...consoleEnvInput,
    };

    const ports = new Map<string, number>();
    for (let i = 1; i <= count; i++) ports.set(`replica-${i}`, await findFreePort());
    const startReplica = async (name: string): Promise<Replica> => {
      const replicaPort = ports.get(name);
      if (replicaPort === undefined) throw new Error(`no replica ${name}`);
      const service = await startConsole({ port: replicaPort, root: options.root, logDir: path.join(logDir, name), env });
      started.push(service);
      const replica: Replica = {
        name,
        url: service.url,
        service,
        kill: () => {
          try {
            process.kill(-service.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        },
      };
      const index = replicas.findIndex((r) => r.name === name);
      if (index >= 0) replicas[index] = replica;
      else replicas.push(replica);
      return replica;
    };
    // All at once, on an empty database: the store's migrations must run once (they take a lock), whoever comes first.
    await Promise.all([...ports.keys()].map((name) => startReplica(name)));
    replicas.sort((a, b) => a.name.localeCompare(b.name));

    const haproxy = await startHaproxy({ port, logDir, backends: replicas.map((r) => ({ name: r.name, url: r.url })) });
    started.push(haproxy);
    const accounts = await seedAccounts(options.root, { DATABASE_URL: postgres.url });
    return { url, replicas, databaseUrl: postgres.url, consoleRedisUrl: consoleRedis.url, stack, accounts, env, startReplica, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
