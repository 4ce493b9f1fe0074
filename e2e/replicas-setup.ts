// The browser tests' main flows through the balancer (playwright.replicas.config.ts): three built consoles on
// one PostgreSQL and Redis behind HAProxy (round robin, no stickiness), the simulated estate and a real OIDC
// identity provider behind them. Sets the same E2E_* variables and signed-in states as global-setup.ts, so
// the same specs run unchanged against the balancer's URL (sign-in, actions, sections, the NOC wall).
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { startOidcProvider } from '../scripts/stack/oidc-provider';
import { findFreePort } from '../scripts/stack/processes';
import { startReplicaSet } from '../scripts/stack/replicas';
import { e2eRunDir, ssoAccounts, ssoRoleMap, storageStatePath } from './support/accounts';

const OIDC_CLIENT = { clientId: 'voicehive-ops-e2e-replicas', clientSecret: 'e2e-replicas-client-secret-not-for-production' };

export default async function replicasSetup() {
  const root = path.resolve(__dirname, '..');
  fs.rmSync(e2eRunDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(e2eRunDir, 'auth'), { recursive: true });
  const port = await findFreePort();
  const consoleUrl = `http://127.0.0.1:${port}`;
  const idp = await startOidcProvider({ clients: [{ ...OIDC_CLIENT, redirectUris: [`${consoleUrl}/api/auth/oidc/callback`] }], accounts: ssoAccounts });
  const set = await startReplicaSet({
    root,
    name: 'e2e',
    count: 3,
    port,
    consoleEnv: {
      ENVIRONMENT_NAME: 'e2e',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_MAP: ssoRoleMap,
      OIDC_LABEL: 'VoiceHive SSO',
      // Probed by the background lease holder and shared through the store: often enough that a section page shows
      // a vendor going down within the tests' waits (the single console probes when a panel asks).
      PMS_PROBE_INTERVAL_MS: '5000',
    },
  }).catch(async (error: unknown) => {
    await idp.stop();
    throw error;
  });

  fs.writeFileSync(path.join(e2eRunDir, 'accounts.json'), JSON.stringify(set.accounts));
  for (const user of set.accounts.users) {
    const context = await request.newContext({ baseURL: consoleUrl, extraHTTPHeaders: { origin: consoleUrl } });
    const response = await context.post('/api/auth/login', { data: { username: user.username, password: user.password } });
    if (!response.ok()) throw new Error(`signing ${user.username} in for the tests: HTTP ${response.status()} ${await response.text()}`);
    await context.storageState({ path: storageStatePath(user.role) });
    await context.dispose();
  }

  process.env.E2E_CONSOLE_URL = consoleUrl;
  process.env.E2E_SIM_URL = set.stack.simUrl;
  process.env.E2E_REDIS_URL = set.stack.redisUrl;
  process.env.E2E_ALERTMANAGER_URL = set.stack.alertmanagerUrl;
  process.env.E2E_PROMETHEUS_PID = String(set.stack.prometheus.pid);
  process.env.E2E_PROMETHEUS_URL = set.stack.prometheus.url;
  process.env.E2E_OIDC_ISSUER = idp.issuer;
  return async () => {
    await set.stop();
    await idp.stop();
  };
}
