import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEstate, type Estate } from './estate';
import { createMetricsRoutes } from './metrics-routes';
import { createRouter, sendJson, type Route } from './router';
import { createScenarioRoutes } from './scenario-routes';

export interface SimulatorOptions {
  /** 0 picks any free port. */
  port?: number;
  host?: string;
  scenario?: string;
  seed?: number;
  /** How often the estate advances; scrapes in between see the last tick. */
  tickMs?: number;
  /** Extra routes (e.g. a Kubernetes API double), matched after the simulator's own. */
  routes?: (estate: Estate) => Route[];
}

export interface Simulator {
  url: string;
  port: number;
  estate: Estate;
  setScenario(id: string): void;
  getScenario(): { id: string; since: string };
  close(): Promise<void>;
}

export async function startSimulator({ port = 0, host = '127.0.0.1', scenario = 'healthy', seed = 1, tickMs = 1000, routes }: SimulatorOptions = {}): Promise<Simulator> {
  const estate = createEstate({ seed, scenario });
  const router = createRouter([
    { method: 'GET', path: '/healthz', handle: ({ res }) => sendJson(res, 200, { status: 'ok', scenario: estate.getScenario().id }) },
    ...createMetricsRoutes(estate),
    ...createScenarioRoutes(estate),
    ...(routes?.(estate) ?? []),
  ]);
  const server = createServer(router);
  await listen(server, port, host);
  // unref: a test that forgets close() should not hang on the timer (the server still holds the loop).
  const timer = setInterval(() => estate.tick(), tickMs);
  timer.unref();

  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    estate,
    setScenario: (id) => estate.setScenario(id),
    getScenario: () => {
      const { id, sinceMs } = estate.getScenario();
      return { id, since: new Date(sinceMs).toISOString() };
    },
    close: () => {
      clearInterval(timer);
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      });
    },
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
