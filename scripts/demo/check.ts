// `npm run demo -- --check`: what a new user would see, checked on the running demo. Every section
// evaluated and ok for a viewer signed in through the login route; the display token opening the NOC
// wall; Prometheus holding and evaluating every alert rule the catalog generates.
import { parse } from 'yaml';
import type { SeededAccounts } from '../stack/accounts';
import { waitUntil } from '../stack/processes';
import { describeResponse, HttpSession } from './http-session';
import { judgeOverview, judgeRules, type OverviewAnswer, type RulesAnswer } from './judge';

export type DemoCheckTarget = {
  consoleUrl: string;
  prometheusUrl: string;
  accounts: SeededAccounts;
  /** The catalog's section ids and the alert rules file the stack gave Prometheus (YAML). */
  sectionIds: string[];
  alertRules: string;
  /** How long to wait for every section and rule to be evaluated. */
  timeoutMs: number;
};

export type CheckResult = { name: string; ok: boolean; detail: string; ms: number };

/** Polls `judge` until it finds no problem or time runs out; the last problems are the failure. */
async function waitForNoProblems(judge: () => Promise<string[]>, timeoutMs: number): Promise<string[]> {
  let problems: string[] = ['not read yet'];
  await waitUntil(
    async () => {
      problems = await judge().catch((error: unknown) => [error instanceof Error ? error.message : String(error)]);
      return problems.length === 0;
    },
    'no problems',
    timeoutMs,
    1000,
  ).catch(() => undefined);
  return problems;
}

async function expectOk(session: HttpSession, pathname: string, problems: string[]): Promise<void> {
  const response = await session.request(pathname);
  if (response.status !== 200) problems.push(`GET ${pathname}: ${await describeResponse(response)}`);
  else await response.arrayBuffer();
}

async function signIn(session: HttpSession, pathname: string, body: unknown, who: string): Promise<void> {
  const response = await session.request(pathname, { method: 'POST', json: body });
  if (response.status !== 200) throw new Error(`${who} could not sign in: POST ${pathname} ${await describeResponse(response)}`);
}

async function checkViewer(target: DemoCheckTarget): Promise<string> {
  const viewer = target.accounts.users.find((u) => u.role === 'viewer');
  if (!viewer) throw new Error('no viewer account was seeded');
  const session = new HttpSession(target.consoleUrl);
  await signIn(session, '/api/auth/login', { username: viewer.username, password: viewer.password }, `viewer ${viewer.username}`);
  const problems = await waitForNoProblems(async () => judgeOverview(target.sectionIds, await session.getJson<OverviewAnswer>('/api/sections')), target.timeoutMs);
  if (problems.length) throw new Error(problems.join('\n'));
  // Every section's own page and status answer too, not only the overview's list.
  const pageProblems: string[] = [];
  await expectOk(session, '/', pageProblems);
  for (const id of target.sectionIds) {
    await expectOk(session, `/runbooks/${id}`, pageProblems);
    const { status } = await session.getJson<{ status: OverviewAnswer['sections'][number] }>(`/api/sections/${id}`);
    if (status.severity !== 'ok') pageProblems.push(`GET /api/sections/${id}: ${status.severity}`);
  }
  if (pageProblems.length) throw new Error(pageProblems.join('\n'));
  return `${viewer.username} signed in; all ${target.sectionIds.length} sections ok on the overview, their pages and their API`;
}

async function checkDisplay(target: DemoCheckTarget): Promise<string> {
  const session = new HttpSession(target.consoleUrl);
  // What /display does with the link's #token=…: trade it for a display session, then open /noc.
  await signIn(session, '/api/auth/display', { token: target.accounts.display.secret }, `display token "${target.accounts.display.name}"`);
  const problems: string[] = [];
  await expectOk(session, '/noc', problems);
  // The wall's own reads: every section's status and the alert counts.
  const overview = await session.getJson<OverviewAnswer>('/api/sections').catch((error: Error) => (problems.push(error.message), null));
  if (overview) problems.push(...judgeOverview(target.sectionIds, overview));
  await expectOk(session, '/api/alerts', problems);
  if (problems.length) throw new Error(problems.join('\n'));
  return `display "${target.accounts.display.name}" opened /noc and read ${overview!.sections.length} sections and the alerts`;
}

async function checkRules(target: DemoCheckTarget): Promise<string> {
  const generated = parse(target.alertRules) as { groups: { rules: { alert: string }[] }[] };
  const expected = generated.groups.flatMap((g) => g.rules.map((r) => r.alert));
  const read = async () => {
    const response = await fetch(`${target.prometheusUrl}/api/v1/rules?type=alert`, { signal: AbortSignal.timeout(10_000) });
    return judgeRules(expected, (await response.json()) as RulesAnswer);
  };
  const problems = await waitForNoProblems(read, target.timeoutMs);
  if (problems.length) throw new Error(problems.join('\n'));
  return `all ${expected.length} catalog alert rules loaded and evaluated`;
}

const checks: [string, (target: DemoCheckTarget) => Promise<string>][] = [
  ['Prometheus rules', checkRules],
  ['viewer', checkViewer],
  ['NOC display', checkDisplay],
];

/** Runs every check, each to its end (one failure does not hide another). */
export async function runDemoCheck(target: DemoCheckTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    const started = Date.now();
    try {
      results.push({ name, ok: true, detail: await check(target), ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error), ms: Date.now() - started });
    }
  }
  return results;
}
