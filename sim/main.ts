/**
 * The estate simulator's command line: serve, switch a running simulator's scenario, list scenarios.
 * Environment: SIM_PORT, SIM_HOST, SIM_SCENARIO, SIM_SEED, SIM_TICK_MS, SIM_URL, SIM_KUBE_TOKEN,
 * SIM_KUBE_ADMIN_TOKEN, SIM_KUBE_STEP_MS, SIM_ADMIN_TOKEN, SIM_REDIS_URL.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_TOKEN } from './admin';
import { DEFAULT_KUBE_ADMIN_TOKEN } from './kube';
import { formatRemedyTable } from './kube/remedy-table';
import { describeScenario, findScenario, scenarios } from './scenarios';
import { startSimulator } from './server';

const USAGE = `usage:
  tsx sim/main.ts [--port 9400] [--host 127.0.0.1] [--scenario healthy] [--tick-ms 1000] [--seed 1]
  tsx sim/main.ts scenario <id> [--url http://127.0.0.1:9400]    switch a running simulator
  tsx sim/main.ts scenarios [--url http://127.0.0.1:9400]        list scenarios (from a server with --url)
  tsx sim/main.ts remedies                                       which runbook button heals which scenario (markdown)
Kubernetes API double: same port, under /api and /apis, bearer token --kube-token (default voicehive-sim-token: the console's
  service account, authorized by deploy/kubernetes/rbac.yaml) or --kube-admin-token (default ${DEFAULT_KUBE_ADMIN_TOKEN}: may do anything)
Service admin endpoints: same port, under /services/{orchestrator,connectors}, bearer token --admin-token (default ${DEFAULT_ADMIN_TOKEN})
PMS rate-limit counters: in the Redis at --redis-url redis://127.0.0.1:6379 (keys ratelimit:{vendor}), else in memory
environment: SIM_PORT, SIM_HOST, SIM_SCENARIO, SIM_SEED, SIM_TICK_MS, SIM_URL, SIM_KUBE_TOKEN, SIM_KUBE_ADMIN_TOKEN, SIM_KUBE_STEP_MS, SIM_ADMIN_TOKEN, SIM_REDIS_URL`;

class UsageError extends Error {}

type Options = {
  port: string;
  host: string;
  scenario: string;
  seed: string;
  'tick-ms': string;
  url: string;
  'kube-token': string;
  'kube-admin-token': string;
  'kube-step-ms': string;
  'admin-token': string;
  'redis-url'?: string;
  help: boolean;
};

function parseCommandLine(argv: string[]): { options: Options; positionals: string[] } {
  const env = process.env;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: env.SIM_PORT ?? '9400' },
        host: { type: 'string', default: env.SIM_HOST ?? '127.0.0.1' },
        scenario: { type: 'string', default: env.SIM_SCENARIO ?? 'healthy' },
        seed: { type: 'string', default: env.SIM_SEED ?? '1' },
        'tick-ms': { type: 'string', default: env.SIM_TICK_MS ?? '1000' },
        url: { type: 'string', default: env.SIM_URL ?? `http://127.0.0.1:${env.SIM_PORT ?? '9400'}` },
        'kube-token': { type: 'string', default: env.SIM_KUBE_TOKEN ?? 'voicehive-sim-token' },
        'kube-admin-token': { type: 'string', default: env.SIM_KUBE_ADMIN_TOKEN ?? DEFAULT_KUBE_ADMIN_TOKEN },
        'kube-step-ms': { type: 'string', default: env.SIM_KUBE_STEP_MS ?? '500' },
        'admin-token': { type: 'string', default: env.SIM_ADMIN_TOKEN ?? DEFAULT_ADMIN_TOKEN },
        'redis-url': { type: 'string', default: env.SIM_REDIS_URL || undefined },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return { options: values, positionals };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function parseRedisUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const valid = URL.canParse(text) && /^rediss?:$/.test(new URL(text).protocol);
  if (!valid) throw new UsageError('--redis-url must be a redis:// or rediss:// URL');
  return text;
}

async function serve(options: Options): Promise<void> {
  if (!findScenario(options.scenario)) throw new UsageError(`unknown scenario "${options.scenario}"; run "tsx sim/main.ts scenarios"`);
  if (options['admin-token'] === '') throw new UsageError('--admin-token must not be empty');
  if (options['kube-admin-token'] === '' || options['kube-admin-token'] === options['kube-token']) throw new UsageError('--kube-admin-token must be set and differ from --kube-token');
  const redisUrl = parseRedisUrl(options['redis-url']);
  const sim = await startSimulator({
    port: parseInteger('port', options.port, 0, 65535),
    host: options.host,
    scenario: options.scenario,
    seed: parseInteger('seed', options.seed, 0, 2 ** 32 - 1),
    tickMs: parseInteger('tick-ms', options['tick-ms'], 10, 60_000),
    kubeToken: options['kube-token'],
    kubeOptions: { adminToken: options['kube-admin-token'] },
    kubeStepMs: parseInteger('kube-step-ms', options['kube-step-ms'], 10, 60_000),
    adminToken: options['admin-token'],
    redisUrl,
  });
  console.log(`VoiceHive estate simulator on ${sim.url} (scenario "${options.scenario}")`);
  console.log(`  metrics: ${sim.url}/metrics    service targets: ${sim.url}/targets/<service>/metrics`);
  console.log(`  switch:  curl -X PUT -H 'content-type: application/json' -d '{"id":"pms-outage"}' ${sim.url}/scenario`);
  console.log(`       or: tsx sim/main.ts scenario pms-outage --url ${sim.url}`);
  console.log(`  kubernetes: ${sim.url}/api/v1/namespaces/voicehive/pods  (Authorization: Bearer <--kube-token> as the console's service account, or <--kube-admin-token>)`);
  console.log(`  admin:   ${sim.url}/services/orchestrator/admin/circuit-breakers/pms_connector  (Authorization: Bearer <--admin-token>)`);
  console.log(`  rate limits: ratelimit:{vendor} ${redisUrl ? `in Redis ${new URL(redisUrl).host}` : 'in memory (no --redis-url)'}`);
  const stop = (signal: string) => {
    console.log(`${signal}: stopping the simulator`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function switchScenario(url: string, id: string | undefined): Promise<void> {
  if (!id) throw new UsageError(`scenario needs an id\n${USAGE}`);
  const response = await fetch(`${url}/scenario`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json()) as { current?: string; error?: string };
  if (!response.ok) throw new Error(`${url}: ${response.status} ${body.error ?? ''}`);
  console.log(`${url}: scenario is now "${body.current}"`);
}

async function listScenarios(url: string | null): Promise<void> {
  type Listed = ReturnType<typeof describeScenario>;
  const list: Listed[] = url
    ? ((await (await fetch(`${url}/scenario`, { signal: AbortSignal.timeout(5000) })).json()) as { scenarios: Listed[] }).scenarios
    : scenarios.map(describeScenario);
  for (const s of list) {
    const expected = Object.entries(s.expected).map(([section, level]) => `${section}=${level}`).join(' ') || 'all sections ok';
    console.log(`${s.id.padEnd(22)} ${expected.padEnd(44)} ${s.description}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { options, positionals } = parseCommandLine(argv);
  if (options.help) return console.log(USAGE);
  const [command, arg] = positionals;
  if (command === undefined) return serve(options);
  if (command === 'scenario') return switchScenario(options.url, arg);
  const askServer = argv.some((a) => a.startsWith('--url')) || process.env.SIM_URL !== undefined;
  if (command === 'scenarios') return listScenarios(askServer ? options.url : null);
  if (command === 'remedies') return console.log(formatRemedyTable());
  throw new UsageError(`unknown command "${command}"\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
