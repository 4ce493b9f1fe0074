// Which browser-test run this process belongs to, and the files that run keeps to itself. scripts/test.sh runs
// the specs in parallel shards (`playwright test --shard=1/2` and `--shard=2/2` at once), each with its own
// estate, Prometheus, console and store (global-setup.ts): nothing one shard writes may be a path the other
// writes too (store, signed-in states, logs, test output, JSON report).
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** `2` for `--shard=2/3` or `--shard 2/3` on the runner's command line; undefined when the run is not sharded. */
export function shardFromArgv(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    const value = arg.startsWith('--shard=') ? arg.slice('--shard='.length) : arg === '--shard' ? argv[i + 1] : undefined;
    const current = value?.match(/^(\d+)\/\d+$/)?.[1];
    if (current) return current;
  }
  return undefined;
}

function runName(): string {
  if (process.env.E2E_RUN_NAME) return process.env.E2E_RUN_NAME;
  const shard = shardFromArgv(process.argv);
  return shard ? `e2e-shard-${shard}` : 'e2e';
}

/**
 * `e2e` for a whole run, `e2e-shard-<n>` for a shard (or E2E_RUN_NAME). Read once in the runner process, where the
 * command line has `--shard`, and passed on to the test workers (which do not get that argument) in their environment.
 */
export const e2eRunName = runName();
process.env.E2E_RUN_NAME = e2eRunName;

/** The store, seeded accounts and signed-in browser states: .run/e2e (or .run/e2e-shard-<n>). */
export const e2eRunDir = path.join(root, '.run', e2eRunName);
/** The estate's and consoles' logs: test-results/e2e-logs (or test-results/e2e-shard-<n>-logs). */
export const e2eLogDir = path.join(root, 'test-results', `${e2eRunName}-logs`);
/** Playwright's output (traces, failure screenshots): test-results/e2e (or test-results/e2e-shard-<n>). */
export const e2eOutputDir = path.join(root, 'test-results', e2eRunName);
/** The JSON report scripts/summarize-tests.mjs reads: .run/reports/e2e.json (or e2e-shard-<n>.json). */
export const e2eReportFile = path.join(root, '.run', 'reports', `${e2eRunName}.json`);
