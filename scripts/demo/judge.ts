// What `npm run demo -- --check` accepts, as pure functions of the console's and Prometheus's answers,
// so the judgement is unit-tested apart from the processes it runs against.

/** As much of GET /api/sections (lib/api/types OverviewResponse) as the check reads. */
export type OverviewAnswer = {
  sections: {
    id: string;
    severity: string;
    error?: string | null;
    stale?: { since: number; error: string } | null;
    signals?: { id: string; severity: string; reason?: string | null }[];
  }[];
};

/** As much of Prometheus's GET /api/v1/rules as the check reads. */
export type RulesAnswer = {
  status?: string;
  data?: { groups?: { name: string; rules?: { name: string; type?: string; health?: string; lastError?: string }[] }[] };
};

function describeSection(section: OverviewAnswer['sections'][number]): string {
  const why = (section.signals ?? []).filter((s) => s.severity !== 'ok').map((s) => `${s.id} ${s.severity}${s.reason ? ` (${s.reason})` : ''}`);
  const upstream = section.error ?? section.stale?.error;
  return `${section.id} is ${section.severity}${upstream ? `: ${upstream}` : ''}${why.length ? ` [${why.join('; ')}]` : ''}`;
}

/**
 * The healthy demo: every catalog section is listed, once, and every one is `ok`. An `unknown` or a
 * firing level is a problem here, since the healthy estate exports every series the catalog reads.
 */
export function judgeOverview(expectedIds: readonly string[], answer: OverviewAnswer): string[] {
  const problems: string[] = [];
  const listed = answer.sections.map((s) => s.id);
  const missing = expectedIds.filter((id) => !listed.includes(id));
  const extra = listed.filter((id) => !expectedIds.includes(id));
  const repeated = listed.filter((id, i) => listed.indexOf(id) !== i);
  if (missing.length) problems.push(`missing sections: ${missing.join(', ')}`);
  if (extra.length) problems.push(`sections not in the catalog: ${extra.join(', ')}`);
  if (repeated.length) problems.push(`sections listed twice: ${[...new Set(repeated)].join(', ')}`);
  const notOk = answer.sections.filter((s) => s.severity !== 'ok');
  if (notOk.length) problems.push(`${notOk.length} of ${answer.sections.length} sections not ok: ${notOk.map(describeSection).join(' | ')}`);
  return problems;
}

/**
 * Prometheus has loaded every alerting rule the catalog generates, and each has been evaluated without
 * an error. A rule not yet evaluated (health `unknown`) is a problem too, one that waiting may settle.
 */
export function judgeRules(expectedAlerts: readonly string[], answer: RulesAnswer): string[] {
  if (answer.status !== 'success' || !answer.data?.groups) return [`Prometheus answered /api/v1/rules with status ${answer.status ?? 'none'}`];
  const loaded = new Map(answer.data.groups.flatMap((g) => (g.rules ?? []).filter((r) => r.type === undefined || r.type === 'alerting').map((r) => [r.name, r] as const)));
  const problems: string[] = [];
  const missing = expectedAlerts.filter((name) => !loaded.has(name));
  if (missing.length) problems.push(`${missing.length} of ${expectedAlerts.length} catalog alerts not loaded: ${missing.join(', ')}`);
  const failing = expectedAlerts.flatMap((name) => {
    const rule = loaded.get(name);
    return rule?.health === 'err' ? [`${name}: ${rule.lastError ?? 'error'}`] : [];
  });
  if (failing.length) problems.push(`alert rules failing to evaluate: ${failing.join('; ')}`);
  const pending = expectedAlerts.filter((name) => !['ok', 'err', undefined].includes(loaded.get(name)?.health));
  if (pending.length) problems.push(`alert rules not evaluated yet: ${pending.join(', ')}`);
  return problems;
}
