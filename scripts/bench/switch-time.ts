import { scenarios } from '../../sim/scenarios';
import type { Stack } from '../stack/stack';

type Overview = { sections: { id: string; severity: string }[] };

async function readSeverities(consoleUrl: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const overview = (await (await fetch(`${consoleUrl}/api/sections`, { headers })).json()) as Overview;
  return Object.fromEntries(overview.sections.map((s) => [s.id, s.severity]));
}

async function timeUntil(check: () => Promise<boolean>, limitMs: number): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await check()) return (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

/**
 * For each scenario: a window of healthy traffic first (the realistic case: the window is full of
 * good samples), then the switch, then the time until GET /api/sections shows the expected severities.
 * A browser adds at most one polling interval on top.
 */
export async function measureSwitchTimes(stack: Stack, ids: string[], windowMs: number, headers: Record<string, string>): Promise<void> {
  const consoleUrl = stack.console!.url;
  const wipe = () => fetch(`${stack.prometheus.url}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('{__name__=~".+"}')}`, { method: 'POST' });
  console.log(`scenario switch → API shows the contract severity (healthy lead-in of ${windowMs / 1000} s):`);
  for (const scenario of scenarios.filter((s) => ids.includes(s.id))) {
    stack.setScenario('healthy');
    await wipe();
    await timeUntil(async () => Object.values(await readSeverities(consoleUrl, headers)).every((s) => s === 'ok'), 60_000);
    await new Promise((r) => setTimeout(r, windowMs));
    stack.setScenario(scenario.id);
    const took = await timeUntil(async () => {
      const now = await readSeverities(consoleUrl, headers);
      return Object.entries(scenario.expected).every(([id, level]) => now[id] === level);
    }, 60_000);
    console.log(`  ${scenario.id.padEnd(22)} ${took === null ? 'not within 60 s' : `${took.toFixed(1)} s`}`);
  }
}
