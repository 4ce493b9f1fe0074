// Which browser-test run this process belongs to, and the files that run keeps to itself. scripts/test.sh runs
// the specs in two parallel shards (E2E_SHARD=1/2 and E2E_SHARD=2/2 at once), each with its own estate,
// Prometheus, console and store (global-setup.ts): nothing one shard writes may be a path the other writes too
// (store, signed-in states, logs, test output, JSON report).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export type Shard = { current: number; total: number };

function parseShard(value: string | undefined, what: string): Shard | undefined {
  if (!value) return undefined;
  const match = value.match(/^(\d+)\/(\d+)$/);
  const shard = match ? { current: Number(match[1]), total: Number(match[2]) } : undefined;
  if (!shard || shard.current < 1 || shard.current > shard.total) throw new Error(`${what}="${value}": expected current/total, 1-based, e.g. 2/2`);
  return shard;
}

/** `--shard=2/3` or `--shard 2/3` on the runner's command line (Playwright's own split, by test count). */
export function shardFromArgv(argv: readonly string[]): Shard | undefined {
  for (const [i, arg] of argv.entries()) {
    const value = arg.startsWith('--shard=') ? arg.slice('--shard='.length) : arg === '--shard' ? argv[i + 1] : undefined;
    if (value) return parseShard(value, '--shard');
  }
  return undefined;
}

/**
 * The shard of the spec files this run takes (E2E_SHARD=current/total): every total-th file in name order, starting
 * at the current-th. Playwright's --shard cuts the ordered tests into consecutive runs of equal test count, and
 * counts are no measure of time here: live.access.spec.ts is 81 quick requests, others one scenario of a minute
 * each (measured: shard 1/2 got 6 files, shard 2/2 the other 24). Alternating files spreads them; a new spec
 * file goes into a shard by its name, with no list to keep.
 */
export const e2eShard = parseShard(process.env.E2E_SHARD, 'E2E_SHARD');

/** The spec files (relative to testDir) of this shard, or undefined when the run is not split by E2E_SHARD. */
export function specFilesOfShard(testDir: string, shard: Shard | undefined = e2eShard): string[] | undefined {
  if (!shard) return undefined;
  const specs = fs
    .readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.spec.ts'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  return specs.filter((_, index) => index % shard.total === shard.current - 1);
}

function runName(): string {
  if (process.env.E2E_RUN_NAME) return process.env.E2E_RUN_NAME;
  const shard = e2eShard ?? shardFromArgv(process.argv);
  return shard ? `e2e-shard-${shard.current}` : 'e2e';
}

/**
 * `e2e` for a whole run, `e2e-shard-<n>` for a shard (or E2E_RUN_NAME). Read once in the runner process, where the
 * command line may have `--shard`, and passed on to the test workers (which do not get that argument) in their environment.
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
