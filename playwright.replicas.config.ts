import { defineConfig } from '@playwright/test';
import base from './playwright.config';
import { storageStatePath } from './e2e/support/accounts';

// The browser tests' main flows again, unchanged, through HAProxy in front of three replicas on PostgreSQL and the
// console's own Redis (e2e/replicas-setup.ts): sign-in (local, single sign-on, display tokens, the audit log),
// remediation (a restart followed to its verdict, a scale requested, approved from two tabs and run once, every
// step audited), the overview and a section page under a firing scenario, and the NOC wall signed
// in with a display token. Needs `next build` first.
export default defineConfig({
  ...base,
  globalSetup: './e2e/replicas-setup.ts',
  outputDir: 'test-results/e2e-replicas',
  // Three replicas, PostgreSQL and HAProxy share the machine with the browser: a longer bound per test than the
  // single console's 90 s (on a loaded 2-core machine the display-token test took 1.6 min here once, and the restart
  // followed to "recovered" 2.5 min with a load average of 22 and over 3 min with 36).
  timeout: 300_000,
  reporter: [['list'], ['json', { outputFile: '.run/reports/e2e-replicas.json' }]],
  projects: [
    {
      name: 'replicas',
      testMatch: /live\.(sign-in|actions|sections)\.spec\.ts/,
      // Cases a balancer does not change, left to the single console's run (CI time): a preview conflict, a viewer's
      // disabled buttons, an unknown section's 404.
      grepInvert: /changed by someone else between preview and confirm|a viewer sees no enabled action|an unknown section is a clear 404/,
      use: { storageState: storageStatePath('viewer') },
    },
    // The wall's main flow only (its layout cases are the single console's: the balancer does not change them).
    { name: 'replicas-noc', testMatch: /live\.noc\.spec\.ts/, grep: /fits a 1080p and a 4K screen without scrolling/, use: { storageState: storageStatePath('viewer') } },
  ],
});
