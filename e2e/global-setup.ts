// Starts the simulator, a real Prometheus, a real OIDC identity provider and the built console for the
// browser tests; seeds one account per role and a display token; stops everything after.
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { seedAccounts } from '../scripts/stack/accounts';
import { startOidcProvider } from '../scripts/stack/oidc-provider';
import { findFreePort } from '../scripts/stack/processes';
import { startStack } from '../scripts/stack/stack';
import { e2eRunDir, ssoAccounts, ssoRoleMap, storageStatePath } from './support/accounts';
import { e2eLogDir } from './support/run';
import { startWebhookReceiver } from './support/webhook-receiver';

const OIDC_CLIENT = { clientId: 'voicehive-ops-e2e', clientSecret: 'e2e-client-secret-not-for-production' };

export default async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  fs.rmSync(e2eRunDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(e2eRunDir, 'auth'), { recursive: true });
  const ports = { sim: await findFreePort(), prometheus: await findFreePort(), console: await findFreePort() };
  const consoleUrl = `http://127.0.0.1:${ports.console}`;
  const idp = await startOidcProvider({ clients: [{ ...OIDC_CLIENT, redirectUris: [`${consoleUrl}/api/auth/oidc/callback`] }], accounts: ssoAccounts });
  const storeEnv = { STORE_PATH: path.join(e2eRunDir, 'store.sqlite') };
  // Incident updates and escalations go to a receiver the tests read back (issue 17).
  const webhooks = await startWebhookReceiver();
  const stack = await startStack({
    root,
    logDir: e2eLogDir,
    ports,
    scenario: 'healthy',
    scrapeInterval: '1s',
    consoleEnv: {
      ...storeEnv,
      SIGNAL_WINDOW: '15s',
      HISTORY_LOOKBACK: '30m',
      HISTORY_STEP: '5s',
      POLL_INTERVAL_MS: '2000',
      // Recovery is called once the section's rules stay ok this long (the default, two SIGNAL_WINDOWs, is 30 s here).
      ACTION_RECOVERY_HOLD: '10s',
      STALE_UNKNOWN_AFTER_MS: '10000',
      UPSTREAM_CACHE_TTL_MS: '1000',
      PROMETHEUS_TIMEOUT_MS: '2000',
      ENVIRONMENT_NAME: 'e2e',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_MAP: ssoRoleMap,
      OIDC_LABEL: 'VoiceHive SSO',
      INCIDENT_RECORDER_INTERVAL_MS: '2000',
      INCIDENT_WEBHOOK_URLS: `internal=${webhooks.url}/internal`,
      ESCALATION_WEBHOOK_URLS: `team-lead=${webhooks.url}/team-lead`,
    },
  }).catch(async (error: unknown) => {
    await webhooks.stop();
    await idp.stop();
    throw error;
  });

  const accounts = await seedAccounts(root, storeEnv);
  fs.writeFileSync(path.join(e2eRunDir, 'accounts.json'), JSON.stringify(accounts));
  // A signed-in browser state per role, made through the real login route (as a browser would: same Origin).
  for (const user of accounts.users) {
    const context = await request.newContext({ baseURL: consoleUrl, extraHTTPHeaders: { origin: consoleUrl } });
    const response = await context.post('/api/auth/login', { data: { username: user.username, password: user.password } });
    if (!response.ok()) throw new Error(`signing ${user.username} in for the tests: HTTP ${response.status()} ${await response.text()}`);
    await context.storageState({ path: storageStatePath(user.role) });
    await context.dispose();
  }

  // Test workers are other processes: they reach the simulator over HTTP and Prometheus by its pid.
  process.env.E2E_CONSOLE_URL = consoleUrl;
  process.env.E2E_SIM_URL = stack.simUrl;
  process.env.E2E_REDIS_URL = stack.redisUrl;
  process.env.E2E_ALERTMANAGER_URL = stack.alertmanagerUrl;
  process.env.E2E_PROMETHEUS_PID = String(stack.prometheus.pid);
  process.env.E2E_PROMETHEUS_URL = stack.prometheus.url;
  process.env.E2E_OIDC_ISSUER = idp.issuer;
  process.env.E2E_WEBHOOK_URL = webhooks.url;
  return async () => {
    await stack.stop();
    await webhooks.stop();
    await idp.stop();
  };
}
