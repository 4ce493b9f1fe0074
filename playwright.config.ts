import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { storageStatePath } from './e2e/support/accounts';
import { e2eOutputDir, e2eReportFile, specFilesOfShard } from './e2e/support/run';

// Debian's Chromium, never a downloaded browser; the flags keep it off this machine's closed network.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// Sharded (E2E_SHARD=1/2, scripts/test.sh), a project runs only its files of this shard (e2e/support/run.ts).
const shardFiles = specFilesOfShard(path.join(__dirname, 'e2e'));
const specsMatching = (pattern: RegExp) => (shardFiles ? shardFiles.filter((file) => pattern.test(file)).map((file) => `**/e2e/${file}`) : pattern);

export default defineConfig({
  testDir: 'e2e',
  // Per run: scripts/test.sh runs two shards at once (E2E_SHARD=1/2, E2E_SHARD=2/2), each with its own estate and
  // console from global-setup, its own output and report (e2e/support/run.ts: test-results/e2e-shard-1, …).
  outputDir: e2eOutputDir,
  globalSetup: './e2e/global-setup.ts',
  // A `.only` left in a spec would run that test alone: CI refuses it (scripts/summarize-tests.mjs also names it).
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: e2eReportFile }]],
  use: {
    baseURL: process.env.E2E_CONSOLE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    // Signed in as a viewer unless a spec says otherwise (global-setup makes one state per role).
    { name: 'live', testMatch: specsMatching(/live\..*\.spec\.ts/), use: { storageState: storageStatePath('viewer') } },
    // Stops Prometheus, so it runs after everything that needs it. Sharded (E2E_SHARD), after that shard's live specs,
    // on that shard's own Prometheus. (Playwright's --shard does not split a dependency project: each shard with an
    // outage spec would run every live spec; scripts/test.sh splits with E2E_SHARD instead.)
    { name: 'outage', testMatch: specsMatching(/outage\..*\.spec\.ts/), dependencies: ['live'], use: { storageState: storageStatePath('viewer') } },
  ],
});
