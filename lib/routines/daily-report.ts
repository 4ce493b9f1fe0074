// The evening review's daily report (issue 19, 002 "Evening Review (18:00)"): the day's figures, incidents,
// remediations with their verdicts, acknowledgements and the routines done, as data and as Markdown.
import { formatInZone } from './format';

export type DailyReport = {
  day: string;
  timeZone: string;
  from: number;
  to: number;
  generatedAt: number;
  figures: {
    incidentsDeclared: number;
    incidentsOpenAtEnd: number;
    remediations: number;
    remediationsSucceeded: number;
    remediationsFailed: number;
    recovered: number;
    acknowledgements: number;
    routinesDone: number;
    routinesMissed: number;
  };
  incidents: { id: string; title: string; severity: string; status: string; declaredAt: number; resolvedAt: number | null; commander: string | null }[];
  remediations: { id: string; title: string; section: string; target: string; requestedBy: string; requestedAt: number; status: string; verdict: string | null }[];
  acknowledgements: { at: number; by: string; alert: string; comment: string }[];
  routines: {
    done: { routineId: string; title: string; completedBy: string; completedAt: number; note: string; red: string[]; unknown: string[]; drill: { recoveryMinutes: number; dataLossMinutes: number; withinRto: boolean; withinRpo: boolean } | null }[];
    missed: { routineId: string; title: string; occurrenceAt: number }[];
  };
};

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const verdictWords: Record<string, string> = { recovered: 'recovered', 'not-recovered': 'not recovered', 'no-change-needed': 'no change needed' };

export function renderDailyReportMarkdown(r: DailyReport): string {
  const t = (at: number | null) => formatInZone(at, r.timeZone);
  const f = r.figures;
  return [
    `# Daily report — ${r.day} (${r.timeZone})`,
    '',
    `Generated ${t(r.generatedAt)}.`,
    '',
    '## Figures',
    '',
    `- Incidents declared: ${f.incidentsDeclared} (open at the end of the day: ${f.incidentsOpenAtEnd})`,
    `- Remediations: ${f.remediations} (succeeded ${f.remediationsSucceeded}, failed ${f.remediationsFailed}, recovery verified ${f.recovered})`,
    `- Acknowledgements: ${f.acknowledgements}`,
    `- Routines done: ${f.routinesDone}; missed: ${f.routinesMissed}`,
    '',
    '## Incidents',
    '',
    ...(r.incidents.length
      ? ['| Incident | Severity | Title | Status | Declared | Resolved | Commander |', '|---|---|---|---|---|---|---|', ...r.incidents.map((i) => `| ${i.id} | ${i.severity} | ${cell(i.title)} | ${i.status} | ${t(i.declaredAt)} | ${t(i.resolvedAt)} | ${cell(i.commander ?? '—')} |`)]
      : ['_(none)_']),
    '',
    '## Remediations',
    '',
    ...(r.remediations.length
      ? ['| Remediation | Section | Target | By | At | Outcome | Verdict |', '|---|---|---|---|---|---|---|', ...r.remediations.map((x) => `| ${cell(x.title)} | ${x.section} | ${cell(x.target)} | ${cell(x.requestedBy)} | ${t(x.requestedAt)} | ${x.status} | ${x.verdict ? (verdictWords[x.verdict] ?? x.verdict) : '—'} |`)]
      : ['_(none)_']),
    '',
    '## Acknowledgements',
    '',
    ...(r.acknowledgements.length ? r.acknowledgements.map((a) => `- ${t(a.at)} ${cell(a.alert)} by ${cell(a.by)}: ${cell(a.comment)}`) : ['_(none)_']),
    '',
    '## Routines',
    '',
    ...(r.routines.done.length
      ? r.routines.done.map((d) => `- ${d.title} done ${t(d.completedAt)} by ${cell(d.completedBy)}${d.red.length ? `; red: ${d.red.join(', ')}` : ''}${d.unknown.length ? `; unknown: ${d.unknown.join(', ')}` : ''}${d.drill ? `; recovery ${d.drill.recoveryMinutes} min (${d.drill.withinRto ? 'within' : 'over'} RTO), data loss ${d.drill.dataLossMinutes} min (${d.drill.withinRpo ? 'within' : 'over'} RPO)` : ''}${d.note ? ` — ${cell(d.note)}` : ''}`)
      : ['_(none done)_']),
    ...r.routines.missed.map((m) => `- **Not done:** ${m.title} scheduled ${t(m.occurrenceAt)}`),
    '',
  ].join('\n');
}
