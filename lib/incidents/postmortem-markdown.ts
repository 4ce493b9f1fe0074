// The post-mortem as Markdown: what the console drafted (impact, timeline, what was done and whether it
// worked, milestones) and what people wrote, with the audit chain's head at export time. Pure.
import type { Durations, Milestone } from './milestones';
import type { Incident, TimelineEvent } from './types';

export type PostmortemInput = {
  incident: Incident;
  milestones: Milestone[];
  durations: Durations;
  impact: { from: number; to: number; figures: { title: string; text: string }[] };
  runs: { title: string; requestedBy: string; requestedAt: number; status: string; verdict: string | null }[];
  timeline: TimelineEvent[];
  checklist: string[];
  chainHead: { seq: number; hash: string } | null;
  exportedAt: number;
  starredOnly: boolean;
};

const utc = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60_000)} min`);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const orNone = (text: string) => (text.trim() ? text.trim() : '_(not written yet)_');

export function renderPostmortemMarkdown(p: PostmortemInput): string {
  const { incident: i } = p;
  const events = p.starredOnly ? p.timeline.filter((e) => e.starred) : p.timeline;
  const lines = [
    `# Post-mortem ${i.id}: ${i.title}`,
    '',
    `- Severity: **${i.severity}**, status: **${i.status}**`,
    `- Sections: ${i.sections.join(', ') || '—'}`,
    `- Commander: ${i.roles.commander ?? '—'}; communications lead: ${i.roles.communications_lead ?? '—'}; scribe: ${i.roles.scribe ?? '—'}`,
    `- Window: ${utc(p.impact.from)} → ${utc(p.impact.to)}`,
    '',
    '## Summary',
    '',
    orNone(i.summary),
    '',
    '## Impact',
    '',
    '| Figure | Value |',
    '|---|---|',
    ...p.impact.figures.map((f) => `| ${cell(f.title)} | ${cell(f.text)} |`),
    '',
    '## Milestones',
    '',
    '| Milestone | Time | Source |',
    '|---|---|---|',
    ...p.milestones.map((m) => `| ${m.id} | ${utc(m.at)} | ${cell(m.source)} |`),
    '',
    `Time to detect ${minutes(p.durations.detect)}, to acknowledge ${minutes(p.durations.acknowledge)}, to mitigate ${minutes(p.durations.mitigate)}, to resolve ${minutes(p.durations.resolve)}.`,
    '',
    '## What was done and whether it worked',
    '',
    ...(p.runs.length ? p.runs.map((r) => `- ${utc(r.requestedAt)} **${r.title}** by ${r.requestedBy}: ${r.status}${r.verdict ? `, recovery verdict: **${r.verdict}**` : ''}`) : ['_(no remediation from the console)_']),
    '',
    `## Timeline${p.starredOnly ? ' (starred events)' : ''}`,
    '',
    ...(events.length ? events.map((e) => `- ${utc(e.at)} [${e.category}] ${e.actor}: ${e.text.replace(/\r?\n/g, ' / ')}${e.starred && !p.starredOnly ? ' ★' : ''}`) : ['_(no events)_']),
    '',
    '## Root cause',
    '',
    orNone(i.postmortem.rootCause),
    '',
    '## Contributing factors',
    '',
    orNone(i.postmortem.contributingFactors),
    '',
    '## Lessons learned',
    '',
    orNone(i.postmortem.lessons),
    '',
    '## Action items',
    '',
    ...(i.postmortem.actionItems.length ? i.postmortem.actionItems.map((a) => `- [${a.state === 'done' ? 'x' : ' '}] ${a.text} — ${a.owner || 'unassigned'}${a.due ? `, due ${a.due}` : ''}`) : ['_(none yet)_']),
    '',
    '## Post-incident checklist',
    '',
    ...p.checklist.map((item) => `- [${i.postmortem.checklist[item] ? 'x' : ' '}] ${item}`),
    ...(i.postmortem.waived ? ['', `Post-mortem waived by ${i.postmortem.waived.by} at ${utc(i.postmortem.waived.at)}: ${i.postmortem.waived.reason}`] : []),
    '',
    '## Audit',
    '',
    p.chainHead ? `Exported ${utc(p.exportedAt)} at audit record ${p.chainHead.seq}, chain head \`${p.chainHead.hash}\`. Check that the log was not edited since with \`npm run ops -- audit verify\`.` : `Exported ${utc(p.exportedAt)}; the audit log is empty.`,
    '',
  ];
  return lines.join('\n');
}
