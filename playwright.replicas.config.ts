import { defineConfig } from '@playwright/test';
import base from './playwright.config';
import { storageStatePath } from './e2e/support/accounts';

// The browser tests' main flows again, through HAProxy in front of three replicas on PostgreSQL (e2e/replicas-setup.ts):
// sign-in (local, single sign-on, display tokens, the audit log). Needs `next build` first.
// Not yet live.actions.spec.ts: through the balancer its first test (restart → "recovered") stays "watching" past
// 90 s although the section reads ok (the same flow driven through the API records its verdict in about 15 s).
export default defineConfig({
  ...base,
  globalSetup: './e2e/replicas-setup.ts',
  outputDir: 'test-results/e2e-replicas',
  // Three replicas, PostgreSQL and HAProxy share the machine with the browser: a longer bound per test than the
  // single console's 90 s (on a loaded 2-core machine the display-token test took 1.6 min here once).
  timeout: 180_000,
  reporter: [['list'], ['json', { outputFile: '.run/reports/e2e-replicas.json' }]],
  projects: [{ name: 'replicas', testMatch: /live\.sign-in\.spec\.ts/, use: { storageState: storageStatePath('viewer') } }],
});
