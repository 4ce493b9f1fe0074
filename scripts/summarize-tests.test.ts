// The closing summary of `npm test` (scripts/summarize-tests.mjs), run as npm test runs it, on reports
// shaped like those Vitest 4 and Playwright write (the shapes were taken from real runs of both).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, 'summarize-tests.mjs');
const dirs: string[] = [];

function makeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-summary-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Assertion = { title: string; fullName?: string; status: string; failureMessages?: string[] };

function vitestReport(files: { name: string; status?: string; message?: string; tests: Assertion[] }[]) {
  const all = files.flatMap((f) => f.tests);
  const count = (status: string) => all.filter((t) => t.status === status).length;
  return {
    numTotalTests: all.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped'),
    numTodoTests: count('todo'),
    testResults: files.map((f) => ({ name: f.name, status: f.status ?? (f.tests.some((t) => t.status === 'failed') ? 'failed' : 'passed'), message: f.message ?? '', assertionResults: f.tests })),
  };
}

type PlaywrightTest = { title: string; status: 'expected' | 'unexpected' | 'flaky' | 'skipped'; annotations?: { type: string; description?: string }[] };

function playwrightReport(rootDir: string, file: string, tests: PlaywrightTest[], errors: { message: string }[] = []) {
  const stat = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    config: { rootDir },
    suites: tests.length ? [{ title: file, file, specs: tests.map((t) => ({ title: t.title, tests: [{ status: t.status, annotations: t.annotations ?? [] }] })) }] : [],
    errors,
    stats: { expected: stat('expected'), unexpected: stat('unexpected'), flaky: stat('flaky'), skipped: stat('skipped') },
  };
}

function summarize(reports: Record<string, unknown>, options: { ci?: boolean; expect?: string[] } = {}) {
  const dir = makeDir();
  for (const [name, report] of Object.entries(reports)) fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report));
  const env = { ...process.env, CI: options.ci ? 'true' : '' };
  const run = spawnSync(process.execPath, [script, dir, ...(options.expect ?? [])], { env, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

/** A test file on disk, as the reports name them (the summary reads them to find focus calls). */
function writeTestFile(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// Built, not written out, so that this file itself holds no focus call for the summary to find.
const focus = (fn: string) => `${fn}${'.only'}('focused', () => {});`;

describe('summarize-tests', () => {
  it('prints each report’s passed, failed, skipped and todo counts, the total, and the skipped tests by name', () => {
    const src = makeDir();
    const unit = vitestReport([
      {
        name: writeTestFile(src, 'a.test.ts', ["it('a', () => {});"]),
        tests: [
          { title: 'a', fullName: 'a', status: 'passed' },
          { title: 'later', fullName: 'group later', status: 'skipped' },
          { title: 'idea', fullName: 'group idea', status: 'todo' },
        ],
      },
    ]);
    const e2e = playwrightReport(src, 'x.spec.ts', [
      { title: 'works', status: 'expected' },
      { title: 'flaky one', status: 'flaky' },
      { title: 'needs postgres', status: 'skipped', annotations: [{ type: 'skip', description: 'no PostgreSQL' }] },
      { title: 'not yet', status: 'skipped', annotations: [{ type: 'fixme' }] },
    ]);
    const { code, out } = summarize({ unit, e2e }, { expect: ['unit', 'e2e'] });
    expect(out).toMatch(/unit +1 passed, 0 failed, 1 skipped, 1 todo\/fixme/);
    expect(out).toMatch(/e2e +2 passed, 0 failed, 1 skipped, 1 todo\/fixme/);
    expect(out).toMatch(/total +3 passed, 0 failed, 2 skipped, 2 todo\/fixme/);
    expect(out).toContain('a.test.ts › group later');
    expect(out).toContain('a.test.ts › group idea (todo)');
    expect(out).toContain('x.spec.ts › needs postgres (skip: no PostgreSQL)');
    expect(out).toContain('x.spec.ts › not yet (fixme)');
    expect(out.trim().split('\n').at(-1)).toBe('3 passed, 0 failed, 2 skipped');
    expect(code).toBe(0);
  });

  it('fails on a failed test, and on a test file that failed to load (it has no failed test of its own)', () => {
    const failing = vitestReport([{ name: '/x/a.test.ts', tests: [{ title: 'a', status: 'passed' }, { title: 'b', status: 'failed' }] }]);
    expect(summarize({ unit: failing }).code).toBe(1);
    const broken = vitestReport([
      { name: '/x/a.test.ts', tests: [{ title: 'a', status: 'passed' }] },
      { name: '/x/broken.test.ts', status: 'failed', message: "Failed to load url ./missing (resolved id: ./missing)\nmore", tests: [] },
    ]);
    const { code, out } = summarize({ unit: broken });
    expect(out).toMatch(/unit +1 passed, 1 failed/);
    expect(out).toMatch(/FAIL unit: .*broken\.test\.ts: Failed to load url \.\/missing/);
    expect(code).toBe(1);
  });

  it('fails in CI on a focus call in a test file that ran, naming file and line; outside CI it warns', () => {
    const src = makeDir();
    const file = writeTestFile(src, 'focused.test.ts', ["import { it } from 'vitest';", focus('it'), "it('other', () => {});"]);
    const unit = vitestReport([{ name: file, tests: [{ title: 'focused', status: 'passed' }, { title: 'other', status: 'skipped' }] }]);
    const inCi = summarize({ unit }, { ci: true });
    expect(inCi.out).toMatch(/FAIL unit: 1 focused test \(\.only\), so the rest did not run: .*focused\.test\.ts:2/);
    expect(inCi.code).toBe(1);
    const local = summarize({ unit });
    expect(local.out).toMatch(/WARNING unit: 1 focused test .*focused\.test\.ts:2 \(fails in CI\)/);
    expect(local.code).toBe(0);
  });

  it('finds every form of focus: describe, test.describe, a chained modifier; not a commented-out one', () => {
    const src = makeDir();
    writeTestFile(src, 'forms.spec.ts', [focus('describe'), focus('test.describe'), focus('describe.concurrent'), `// ${focus('it')}`, "it('only', () => {});"]);
    const e2e = playwrightReport(src, 'forms.spec.ts', [{ title: 'focused', status: 'expected' }]);
    const { out } = summarize({ e2e }, { ci: true });
    expect(out).toMatch(/3 focused tests \(\.only\), so the rest did not run: \S*forms\.spec\.ts:1, \S*forms\.spec\.ts:2, \S*forms\.spec\.ts:3$/m);
  });

  it('fails in CI on a focused test the runner refused (Vitest allowOnly: false, Playwright forbidOnly)', () => {
    const unit = vitestReport([
      { name: '/gone/a.test.ts', tests: [{ title: 'ok', status: 'passed' }, { title: 'focused', fullName: 'focused', status: 'failed', failureMessages: ['Error: [Vitest] Unexpected .only modifier. Remove it or pass --allowOnly argument to bypass this error'] }] },
    ]);
    const e2e = playwrightReport('/gone', 'b.spec.ts', [], [{ message: `Error: item focused with '.only' is not allowed due to the 'forbidOnly' option in 'playwright.config.ts': "b.spec.ts focused"` }]);
    const { code, out } = summarize({ unit, e2e }, { ci: true });
    expect(out).toMatch(/FAIL unit: 1 focused test .*a\.test\.ts › focused/);
    expect(out).toMatch(/FAIL e2e: 1 focused test .*"b\.spec\.ts focused"/);
    expect(out).toContain('FAIL e2e: no test passed');
    expect(code).toBe(1);
  });

  it('fails on a run-level error, a report with no passing test, a missing report and an unreadable one', () => {
    const passing = vitestReport([{ name: '/x/a.test.ts', tests: [{ title: 'a', status: 'passed' }] }]);
    const setupFailed = playwrightReport('/x', 'a.spec.ts', [{ title: 'a', status: 'expected' }], [{ message: 'Error: globalSetup: timed out waiting for Prometheus\n  at …' }]);
    const allSkipped = vitestReport([{ name: '/x/b.test.ts', tests: [{ title: 'b', status: 'skipped' }] }]);
    const { code, out } = summarize({ unit: passing, e2e: setupFailed, integration: allSkipped, odd: { hello: 1 } }, { expect: ['unit', 'integration', 'e2e', 'bench'] });
    expect(out).toContain('FAIL report bench.json is missing');
    expect(out).toContain('FAIL e2e: Error: globalSetup: timed out waiting for Prometheus');
    expect(out).toContain('FAIL integration: no test passed');
    expect(out).toContain('FAIL report odd.json could not be read: neither a Vitest nor a Playwright JSON report');
    expect(code).toBe(1);
  });
});
