import { defineConfig } from '@playwright/test';
import { storageStatePath } from './e2e/support/accounts';

// Debian's Chromium, never a downloaded browser; the flags keep it off this machine's closed network.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './e2e/global-setup.ts',
  // A `.only` left in a spec would run that test alone: CI refuses it (scripts/summarize-tests.mjs also names it).
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: '.run/reports/e2e.json' }]],
  use: {
    baseURL: process.env.E2E_CONSOLE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    // Signed in as a viewer unless a spec says otherwise (global-setup makes one state per role).
    { name: 'live', testMatch: /live\..*\.spec\.ts/, use: { storageState: storageStatePath('viewer') } },
    // Stops Prometheus, so it runs after everything that needs it.
    { name: 'outage', testMatch: /outage\..*\.spec\.ts/, dependencies: ['live'], use: { storageState: storageStatePath('viewer') } },
  ],
});
