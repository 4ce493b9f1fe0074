// The closing summary of `npm test`, from the Vitest and Playwright JSON reports: per report and in
// total, how many tests passed, failed and were skipped (todo and fixme included), which were skipped,
// and every focused test (`.only`), so that a run cannot shrink without saying so.
// Usage: node scripts/summarize-tests.mjs <report dir> [expected report name ...]   (e.g. unit integration e2e)
// Exit 1 on a failed test or file, a report error, a report with no passing test, a missing or unreadable
// report, and, with CI set, on any focused test (outside CI a focused test is only reported).
import fs from 'node:fs';
import path from 'node:path';

const MAX_NAMES = 20;
// `it.only(`, `test.describe.only(`, `describe.concurrent.only(`… in a test file; comment lines are skipped.
const FOCUS_CALL = /\b(?:describe|suite|it|test)(?:\.\w+)*\.only\s*\(/;

function countVitest(report) {
  const results = report.testResults ?? [];
  const tests = results.flatMap((file) => (file.assertionResults ?? []).map((t) => ({ ...t, file: file.name })));
  const nameOf = (t) => `${path.relative(process.cwd(), t.file)} › ${t.fullName ?? t.title}`;
  // A file that failed to load or run has no failed test of its own; it is a failure all the same.
  const brokenFiles = results.filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles.length,
    skipped: report.numPendingTests ?? 0,
    todo: report.numTodoTests ?? 0,
    skippedNames: tests.filter((t) => ['skipped', 'pending', 'todo'].includes(t.status)).map((t) => `${nameOf(t)}${t.status === 'todo' ? ' (todo)' : ''}`),
    errors: brokenFiles.map((f) => `${path.relative(process.cwd(), f.name)}: ${(f.message || 'failed to run').split('\n')[0]}`),
    focusedByRunner: tests.filter((t) => (t.failureMessages ?? []).some((m) => m.includes('Unexpected .only modifier'))).map(nameOf),
    files: results.map((f) => f.name),
  };
}

function countPlaywright(report) {
  const root = report.config?.rootDir ?? process.cwd();
  const specs = [];
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) specs.push({ title: `${file} › ${spec.title}`, test });
    for (const child of suite.suites ?? []) walk(child, file);
  };
  for (const suite of report.suites ?? []) walk(suite, suite.file ?? suite.title);
  const skippedTests = specs.filter((s) => s.test.status === 'skipped');
  const describeSkip = ({ title, test }) => {
    const note = (test.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme');
    return `${title}${note ? ` (${note.type}${note.description ? `: ${note.description}` : ''})` : ''}`;
  };
  const errors = (report.errors ?? []).map((e) => (e.message ?? String(e)).split('\n')[0]);
  // fixme is Playwright's todo: counted apart from the other skips, as Vitest counts todo.
  const fixme = skippedTests.filter((s) => (s.test.annotations ?? []).some((a) => a.type === 'fixme')).length;
  return {
    passed: (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0),
    failed: report.stats?.unexpected ?? 0,
    skipped: (report.stats?.skipped ?? skippedTests.length) - fixme,
    todo: fixme,
    skippedNames: skippedTests.map(describeSkip),
    errors: errors.filter((m) => !m.includes("focused with '.only'")),
    focusedByRunner: errors.filter((m) => m.includes("focused with '.only'")),
    files: [...new Set((report.suites ?? []).map((s) => path.resolve(root, s.file ?? s.title)))],
  };
}

/** `file:line` of every focus call in the test files a report ran (the runner may have been told to allow them). */
function findFocusInFiles(files) {
  const found = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.trim();
        if (!code.startsWith('//') && !code.startsWith('*') && FOCUS_CALL.test(code)) found.push(`${path.relative(process.cwd(), file)}:${i + 1}`);
      });
  }
  return found;
}

function readReport(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) return countVitest(report);
  if (report.stats && 'expected' in report.stats) return countPlaywright(report);
  throw new Error('neither a Vitest nor a Playwright JSON report');
}

const listNames = (names) => names.slice(0, MAX_NAMES).map((n) => `      ${n}`).concat(names.length > MAX_NAMES ? [`      … and ${names.length - MAX_NAMES} more`] : []);

function main() {
  const [dir = '.run/reports', ...expected] = process.argv.slice(2);
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  const problems = [];
  const total = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  // In the order the run made them when it says so (unit, integration, e2e), any others after.
  const rank = (file) => (expected.includes(path.basename(file, '.json')) ? expected.indexOf(path.basename(file, '.json')) : expected.length);
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)) : [];
  for (const name of expected.filter((n) => !present.includes(`${n}.json`))) problems.push(`report ${name}.json is missing from ${dir}`);
  console.log('\nTest summary');
  for (const file of present) {
    const name = path.basename(file, '.json');
    let counts;
    try {
      counts = readReport(path.join(dir, file));
    } catch (error) {
      problems.push(`report ${file} could not be read: ${error.message}`);
      continue;
    }
    for (const key of Object.keys(total)) total[key] += counts[key];
    console.log(`  ${name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.todo} todo/fixme`);
    if (counts.skippedNames.length) console.log(`    skipped:\n${listNames(counts.skippedNames).join('\n')}`);
    for (const error of counts.errors) problems.push(`${name}: ${error}`);
    if (counts.passed === 0) problems.push(`${name}: no test passed`);
    const focused = [...counts.focusedByRunner, ...findFocusInFiles(counts.files)];
    if (focused.length) {
      const message = `${name}: ${focused.length} focused test${focused.length > 1 ? 's' : ''} (.only), so the rest did not run: ${focused.join(', ')}`;
      if (ci) problems.push(message);
      else console.log(`  WARNING ${message} (fails in CI)`);
    }
  }
  console.log(`  ${'total'.padEnd(12)} ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped, ${total.todo} todo/fixme`);
  for (const problem of problems) console.log(`  FAIL ${problem}`);
  console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 || problems.length > 0 ? 1 : 0);
}

main();
