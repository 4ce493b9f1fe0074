// The whole local estate: Redis → simulator → Alertmanager ← Prometheus (with the catalog's alert rules) → console.
import path from 'node:path';
import { loadCatalog } from '../../lib/catalog/load';
import { renderAlertRules } from '../../lib/catalog/prometheus-rules';
import { DEFAULT_ADMIN_TOKEN } from '../../sim/admin';
import { startSimulator } from '../../sim/server';
import { pmsVendors } from '../../sim/topology';
import { startConsole } from './console';
import { startPrometheus } from './prometheus';
import type { Service } from './processes';
import { startRedis } from './redis';
import { startAlertmanager } from './alertmanager';

/** The console's service-account token for the simulator's Kubernetes API double (sim/server.ts `kubeToken` default), authorized by deploy/kubernetes/rbac.yaml. */
export const SIM_KUBE_TOKEN = 'voicehive-sim-token';
/** The double's admin token (system:masters): tests use it to set the stage, never the console. */
export { DEFAULT_KUBE_ADMIN_TOKEN as SIM_KUBE_ADMIN_TOKEN } from '../../sim/kube';

export type StackOptions = {
  root: string;
  logDir: string;
  ports: { sim: number; prometheus: number; console?: number };
  scenario: string;
  scrapeInterval: string;
  /** Console settings (see lib/env.ts); SIGNAL_WINDOW is also used for the generated alert rules. */
  consoleEnv: Record<string, string> & { SIGNAL_WINDOW: string };
  adminApi?: boolean;
  /** The Kubernetes double's controller step (default 500 ms); an hour leaves rollouts to `stepKube()` alone. */
  kubeStepMs?: number;
};

export type Stack = {
  simUrl: string;
  redisUrl: string;
  alertmanagerUrl: string;
  /** How the console reaches this estate's upstreams (Kubernetes, PMS, Redis, admin endpoints); Prometheus is `prometheus.url`. */
  upstreamEnv: Record<string, string>;
  setScenario(id: string): void;
  /** One step of the Kubernetes double's controllers (a rollout replaces one pod per step). */
  stepKube(): void;
  prometheus: Service;
  console?: Service;
  stop(): Promise<void>;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const started: { stop(): Promise<void> | void }[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  try {
    // A real Redis: the simulator's connectors keep their rate-limit counters in it, and the console's Redis buttons act on it.
    const redis = await startRedis({ logDir: options.logDir });
    started.push(redis);
    const sim = await startSimulator({ port: options.ports.sim, scenario: options.scenario, redisUrl: redis.url, kubeStepMs: options.kubeStepMs });
    started.push({ stop: () => sim.close() });
    // A real Alertmanager: Prometheus sends it the catalog's alerts; the console lists them and acknowledges them there.
    const alertmanager = await startAlertmanager({ logDir: options.logDir });
    started.push(alertmanager);
    const upstreamEnv = {
      // The simulator serves the Kubernetes API double, each PMS vendor's health endpoint (on loopback, hence the
      // private-target allowance) and the services' admin endpoints, each with its fixed token.
      KUBE_API_URL: sim.url,
      KUBE_TOKEN: SIM_KUBE_TOKEN,
      PMS_HEALTH_URLS: pmsVendors.map((vendor) => `${vendor}=${sim.url}/pms/${vendor}/health`).join(','),
      PMS_ALLOW_PRIVATE_TARGETS: 'true',
      REDIS_URL: redis.url,
      SERVICE_ADMIN_URLS: `orchestrator=${sim.url}/services/orchestrator,connectors=${sim.url}/services/connectors`,
      SERVICE_ADMIN_TOKEN: DEFAULT_ADMIN_TOKEN,
      ALERTMANAGER_URL: alertmanager.url,
    };
    const consoleUrl = options.ports.console ? `http://127.0.0.1:${options.ports.console}` : 'http://127.0.0.1';
    const rules = renderAlertRules(loadCatalog(path.join(options.root, 'runbooks')), { window: options.consoleEnv.SIGNAL_WINDOW, consoleUrl });
    const prometheus = await startPrometheus({
      simUrl: sim.url,
      port: options.ports.prometheus,
      scrapeInterval: options.scrapeInterval,
      evaluationInterval: options.scrapeInterval,
      rules,
      logDir: options.logDir,
      adminApi: options.adminApi,
      alertmanagerUrl: alertmanager.url,
    });
    started.push(prometheus);
    let consoleService: Service | undefined;
    if (options.ports.console) {
      consoleService = await startConsole({
        port: options.ports.console,
        root: options.root,
        logDir: options.logDir,
        env: {
          PROMETHEUS_URL: prometheus.url,
          CONSOLE_URL: consoleUrl,
          ...upstreamEnv,
          ...options.consoleEnv,
        },
      });
      started.push(consoleService);
    }
    return { simUrl: sim.url, redisUrl: redis.url, alertmanagerUrl: alertmanager.url, upstreamEnv, setScenario: (id) => sim.setScenario(id), stepKube: () => sim.kube?.step(), prometheus, console: consoleService, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
