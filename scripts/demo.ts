// The demo: the simulated VoiceHive estate, a real Prometheus and the console, all on 127.0.0.1.
// `--check` starts the same demo on free ports, checks it as a new user would, stops it and exits 0 or 1.
import fs from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../lib/catalog/load';
import { renderAlertRules } from '../lib/catalog/prometheus-rules';
import { scenarios } from '../sim/scenarios';
import { runDemoCheck } from './demo/check';
import { seedAccounts, type SeededAccounts } from './stack/accounts';
import { startOidcProvider } from './stack/oidc-provider';
import { assertPortFree, findFreePort, stopAllProcesses } from './stack/processes';
import { startStack, type Stack } from './stack/stack';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const checkMode = args.includes('--check');
// The demo's fixed ports unless set; the check takes free ones, so it runs beside a demo or another check.
const choosePort = async (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : checkMode ? findFreePort() : fallback);
const SIGNAL_WINDOW = '30s';

async function main() {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')} (usage: npm run demo [-- --check])`);
  const scenario = process.env.DEMO_SCENARIO ?? 'healthy';
  if (checkMode && scenario !== 'healthy') throw new Error(`--check judges the healthy estate (every section ok); unset DEMO_SCENARIO (${scenario})`);
  const ports = { sim: await choosePort('DEMO_SIM_PORT', 9400), prometheus: await choosePort('DEMO_PROMETHEUS_PORT', 9090), console: await choosePort('DEMO_CONSOLE_PORT', 3000) };
  await assertPortFree(ports.sim, 'simulator');
  await assertPortFree(ports.prometheus, 'Prometheus');
  await assertPortFree(ports.console, 'console');
  // Its own directory (and store) in check mode, so a check never resets the passwords of a running demo.
  const logDir = path.join(root, '.run', checkMode ? 'demo-check' : 'demo');
  if (checkMode) fs.rmSync(logDir, { recursive: true, force: true });
  let stopping = false;
  // eslint-disable-next-line prefer-const -- assigned after the handlers that read it are installed
  let stack: Stack | undefined;
  const identityProvider: { stop?: () => Promise<void> } = {};
  // Installed before anything starts, so a Ctrl-C during start-up stops what has started so far.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await (stack ? stack.stop() : stopAllProcesses());
    await identityProvider.stop?.();
    // An interrupted check has checked nothing: it must not pass.
    if (checkMode) console.error('demo check interrupted: not passed');
    process.exit(checkMode ? 1 : 0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log('Starting Redis, the estate simulator, Alertmanager, Prometheus, an identity provider and the console…');
  const consoleUrl = `http://127.0.0.1:${ports.console}`;
  // A local OpenID Connect provider, so single sign-on can be tried too (any password; the username picks the groups).
  const sso = await startOidcProvider({
    port: await findFreePort(),
    clients: [{ clientId: 'voicehive-ops-demo', clientSecret: 'demo-only-client-secret', redirectUris: [`${consoleUrl}/api/auth/oidc/callback`] }],
    accounts: {
      'sso-oliver': { name: 'Oliver (SSO)', email: 'oliver@voicehive.example', groups: ['ops-oncall'] },
      'sso-lena': { name: 'Lena (SSO)', email: 'lena@voicehive.example', groups: ['ops-leads'] },
      'sso-nora': { name: 'Nora (SSO)', email: 'nora@voicehive.example', groups: ['marketing'] },
    },
  });
  identityProvider.stop = sso.stop;
  const storeEnv = { STORE_PATH: path.join(logDir, 'store.sqlite') };
  stack = await startStack({
    root,
    logDir,
    ports,
    scenario,
    scrapeInterval: '2s',
    // A 30 s evaluation window (production: 5m) and a 2 s scrape, so a scenario switch shows within two polls.
    consoleEnv: {
      SIGNAL_WINDOW, HISTORY_LOOKBACK: '1h', HISTORY_STEP: '15s', POLL_INTERVAL_MS: '10000', STALE_UNKNOWN_AFTER_MS: '60000', UPSTREAM_CACHE_TTL_MS: '2000',
      ...storeEnv,
      ENVIRONMENT_NAME: 'demo (simulated estate)',
      ENVIRONMENT_TONE: 'amber',
      OIDC_ISSUER: sso.issuer,
      OIDC_CLIENT_ID: 'voicehive-ops-demo',
      OIDC_CLIENT_SECRET: 'demo-only-client-secret',
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_MAP: 'ops-oncall=operator,ops-leads=approver,ops-admins=admin',
      OIDC_LABEL: 'demo SSO',
    },
  });
  const accounts = await seedAccounts(root, storeEnv);
  if (checkMode) {
    let passed = false;
    try {
      passed = await checkDemo(stack, accounts, logDir);
    } finally {
      await stack.stop();
      await sso.stop();
    }
    process.exit(passed ? 0 : 1);
  }
  const userLines = accounts.users.map((u) => `    ${u.role.padEnd(9)} ${u.username.padEnd(8)} password: ${u.password}`).join('\n');
  console.log(`
  VoiceHive Ops is running:   ${stack.console!.url}

  Sign in with a local account (new passwords on every start):
${userLines}
  or with "Sign in with demo SSO" as sso-oliver (operator), sso-lena (approver) or sso-nora (no role: refused), any password.

  NOC display link (read-only, revocable under Display tokens), the overview or the NOC wall:
    ${stack.console!.url}/display#token=${accounts.display.secret}
    ${stack.console!.url}/display#token=${accounts.display.secret}&next=/noc&rotate=20

  Prometheus:                 ${stack.prometheus.url}
  Identity provider:          ${sso.issuer}
  Estate simulator:           ${stack.simUrl}   (logs in ${path.relative(root, logDir)}/)
  Redis:                      ${stack.redisUrl}   (the simulated connectors' rate-limit counters)
  Alertmanager:               ${stack.alertmanagerUrl}   (the catalog's alerts; acknowledgements are its silences)

  Try a remediation: switch to call-failures (below), sign in as olivia, open "High call failure rate"
  and press "Restart media agents"; or request "Scale up if needed" as olivia and approve it as adam.
  Beyond Kubernetes: under pms-rate-limited, "Clear rate limit" for apaleo deletes its stuck Redis key;
  under circuit-breaker-open, "Reset Circuit Breaker" pms_connector calls the orchestrator's admin endpoint.

  Try an incident: under call-failures, open "High call failure rate" as olivia and press "Declare
  incident"; become commander, send the first update, restart the media agents, resolve when the section
  is back to ok, then open the post-mortem (impact, timeline, checklist, Markdown export) and close it as
  adam. The NOC wall shows the open incident; /handover sums up what the next on-call engineer inherits.

  Switch the simulated estate to a scenario:
    npm run sim -- scenario pms-outage        (or: curl -X PUT -H 'content-type: application/json' -d '{"id":"pms-outage"}' ${stack.simUrl}/scenario)
  Scenarios: ${scenarios.map((s) => s.id).join(', ')}

  Ctrl-C stops everything.`);
}

/** Runs the demo check on the started stack and prints one line per check; true when all passed. */
async function checkDemo(stack: Stack, accounts: SeededAccounts, logDir: string): Promise<boolean> {
  const consoleUrl = stack.console!.url;
  const sections = loadCatalog(path.join(root, 'runbooks'));
  console.log(`Checking the demo: console ${consoleUrl}, Prometheus ${stack.prometheus.url}…`);
  const results = await runDemoCheck({
    consoleUrl,
    prometheusUrl: stack.prometheus.url,
    accounts,
    sectionIds: sections.map((s) => s.id),
    // What the stack gave Prometheus (scripts/stack/stack.ts renders the same).
    alertRules: renderAlertRules(sections, { window: SIGNAL_WINDOW, consoleUrl }),
    timeoutMs: Number(process.env.DEMO_CHECK_TIMEOUT_MS ?? 120_000),
  });
  for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s): ${r.detail.replaceAll('\n', '\n         ')}`);
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  const took = `${Math.round(process.uptime())} s from start-up to verdict`;
  if (failed.length) console.error(`demo check failed: ${failed.join(', ')} (${took}; logs in ${path.relative(root, logDir)}/)`);
  else console.log(`demo check passed (${took})`);
  return failed.length === 0;
}

main().catch(async (error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  // Whatever had started (the services run in their own process groups and would outlive this process).
  await stopAllProcesses();
  process.exit(1);
});
