import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdminHandler, isAdminPath } from './admin';
import { createEstate, type Estate } from './estate';
import { createKubeApi, isKubePath, type KubeApi, type KubeOptions } from './kube';
import { createKubeFaultRoutes } from './kube/metrics-availability';
import { createMetricsRoutes } from './metrics-routes';
import { createPmsFaultRoutes } from './pms/faults';
import { createPmsHealthRoutes } from './pms/health';
import { createRouter, sendJson, type Route } from './router';
import { createRedisRateLimitStore } from './rate-limit/redis-store';
import type { RateLimitStore } from './rate-limit/store';
import { createScenarioRoutes } from './scenario-routes';

export interface SimulatorOptions {
  /** 0 picks any free port. */
  port?: number;
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM), as a cluster's API server does; the URL is then https. */
  tls?: { key: string; cert: string };
  scenario?: string;
  seed?: number;
  /** How often the estate advances; scrapes in between see the last tick. */
  tickMs?: number;
  /** Extra routes, matched after the simulator's own. */
  routes?: (estate: Estate) => Route[];
  /** Serve the Kubernetes API double under /api and /apis (default true). */
  kube?: boolean;
  /** Bearer token the Kubernetes double requires (default `voicehive-sim-token`). */
  kubeToken?: string;
  /** The double's controller step: a rollout replaces one pod per step (default 500 ms). */
  kubeStepMs?: number;
  /** The rest of the double's timing (grace, job run time, HPA sync). */
  kubeOptions?: Omit<KubeOptions, 'token' | 'stepMs'>;
  /** How long `GET /pms/{vendor}/health` of a vendor failing mostly by timeouts takes to answer (default 15 s). */
  pmsHangMs?: number;
  /** Serve the test fixtures under /pms-faults/ (redirect, hang, huge, not-json; default true). */
  pmsFaults?: boolean;
  /** Serve the services' admin endpoints under /services (default true). */
  admin?: boolean;
  /** Bearer token the admin endpoints require (default `voicehive-sim-admin-token`). */
  adminToken?: string;
  /** A redis:// URL: the connectors keep their `ratelimit:{vendor}` counters there (else in memory). */
  redisUrl?: string;
}

export interface Simulator {
  url: string;
  port: number;
  estate: Estate;
  /** The Kubernetes API double; null when started with `kube: false`. */
  kube: KubeApi | null;
  /** The connectors' rate-limit counters: the Redis at `redisUrl`, or the in-memory store (tests delete keys here). */
  rateLimits: RateLimitStore;
  setScenario(id: string): void;
  getScenario(): { id: string; since: string };
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, host = '127.0.0.1', scenario = 'healthy', seed = 1, tickMs = 1000, routes } = options;
  const redisStore = options.redisUrl ? createRedisRateLimitStore(options.redisUrl) : undefined;
  const estate = createEstate({ seed, scenario, rateLimits: redisStore });
  const kube = options.kube === false ? null : createKubeApi(estate, { ...options.kubeOptions, token: options.kubeToken, stepMs: options.kubeStepMs });
  const admin = options.admin === false ? null : createAdminHandler(estate, { token: options.adminToken });
  const router = createRouter([
    { method: 'GET', path: '/healthz', handle: ({ res }) => sendJson(res, 200, { status: 'ok', scenario: estate.getScenario().id }) },
    ...createMetricsRoutes(estate),
    ...createScenarioRoutes(estate),
    ...(kube ? createKubeFaultRoutes(kube.metricsApi) : []),
    ...createPmsHealthRoutes(estate, { hangMs: options.pmsHangMs }),
    ...(options.pmsFaults === false ? [] : createPmsFaultRoutes()),
    ...(routes?.(estate) ?? []),
  ]);
  // Kubernetes paths go to the double whole (it answers unknown paths and verbs with Status objects), /services to the admin endpoints.
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (kube && isKubePath(pathname)) return kube.handle(req, res);
    if (admin && isAdminPath(pathname)) return admin(req, res);
    router(req, res);
  };
  const server: Server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, serve) : createServer(serve);
  try {
    await listen(server, port, host);
  } catch (error) {
    kube?.close();
    await estate.rateLimits.close();
    throw error;
  }
  // unref: a test that forgets close() should not hang on the timer (the server still holds the loop).
  const timer = setInterval(() => estate.tick(), tickMs);
  timer.unref();

  // Once only: a test's own close() and its afterAll may both ask.
  let closing: Promise<void> | undefined;
  const stop = async () => {
    clearInterval(timer);
    kube?.close();
    await estate.rateLimits.close();
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections(); // keep-alive sockets would hold close() open
    });
  };

  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    estate,
    kube,
    rateLimits: estate.rateLimits,
    setScenario: (id) => estate.setScenario(id),
    getScenario: () => {
      const { id, sinceMs } = estate.getScenario();
      return { id, since: new Date(sinceMs).toISOString() };
    },
    close: () => (closing ??= stop()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
