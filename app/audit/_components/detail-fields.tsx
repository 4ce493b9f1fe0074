import Link from 'next/link';
import type { ReactNode } from 'react';

/** Where a record's fields point: sections by id (with their titles), and runs. */
export type AuditLinks = { sectionTitles: Record<string, string> };

const labels: Record<string, string> = {
  runId: 'Run',
  section: 'Section',
  step: 'Step',
  kind: 'Kind',
  target: 'Target',
  params: 'Parameters',
  diff: 'Change',
  reason: 'Reason',
  comment: 'Comment',
  error: 'Error',
  why: 'Why',
  verdict: 'Verdict',
  judgedAt: 'Judged at',
  evidence: 'Evidence',
  result: 'Result',
  changed: 'Changed',
  labels: 'Labels',
  silenceId: 'Silence',
  until: 'Until',
  durationMinutes: 'Minutes',
  acknowledgedBy: 'Acknowledged by',
  requestedBy: 'Requested by',
};

/** "clientAddress" → "Client address", for keys no label names. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll(/[_-]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isChange = (value: unknown): value is { path: string; before?: unknown; after?: unknown } => typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
const show = (value: unknown) => (value === undefined ? '(not set)' : typeof value === 'string' ? value : JSON.stringify(value));
// Times kept as epoch ms in a detail (until, judgedAt, finishedAt …): shown as instants, in UTC like the server's HTML.
const looksLikeInstant = (key: string, value: unknown) => typeof value === 'number' && /(At|until|Until|since|Since)$/.test(key) && value > 1e12 && value < 1e13;

/** A detail value as a person reads it: a change as "path: before → after", a list joined, an object as its own fields. */
function renderValue(key: string, value: unknown, links: AuditLinks, record: Record<string, unknown>, depth: number): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="text-muted">—</span>;
  if (key === 'runId' && typeof value === 'string') {
    return (
      <Link href={`/runs?id=${encodeURIComponent(value)}`} className="font-mono text-xs text-accent hover:underline">
        {value.slice(0, 8)}…
      </Link>
    );
  }
  if (key === 'section' && typeof value === 'string') {
    return links.sectionTitles[value] ? (
      <Link href={`/runbooks/${encodeURIComponent(value)}`} className="text-accent hover:underline">
        {links.sectionTitles[value]}
      </Link>
    ) : (
      value
    );
  }
  if (key === 'step' && typeof value === 'string' && typeof record.section === 'string' && links.sectionTitles[record.section]) {
    return (
      <Link href={`/runbooks/${encodeURIComponent(record.section)}#step-${encodeURIComponent(value)}`} className="text-accent hover:underline">
        {value}
      </Link>
    );
  }
  if ((key === 'requestedBy' || key === 'acknowledgedBy') && typeof value === 'string') {
    return (
      <Link href={`/audit?actor=${encodeURIComponent(value)}`} className="text-accent hover:underline">
        {value}
      </Link>
    );
  }
  if (looksLikeInstant(key, value)) return `${new Date(value as number).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-muted">none</span>;
    if (value.every(isChange)) {
      return (
        <ul className="font-mono text-xs">
          {value.map((change) => (
            <li key={change.path} className="break-words">
              {change.path}: <span className="text-muted">{show(change.before)}</span> → {show(change.after)}
            </li>
          ))}
        </ul>
      );
    }
    if (value.every((item) => typeof item !== 'object' || item === null)) return value.map((item) => show(item)).join(', ');
  }
  if (typeof value === 'object' && !Array.isArray(value) && depth < 1) return <DetailFields detail={value as Record<string, unknown>} links={links} depth={depth + 1} />;
  if (typeof value === 'object') return <code className="font-mono text-xs break-words">{JSON.stringify(value)}</code>;
  return String(value);
}

/** A record's detail as labelled fields (not raw JSON), with its run, section, step and people as links. */
export function DetailFields({ detail, links, depth = 0 }: { detail: Record<string, unknown>; links: AuditLinks; depth?: number }) {
  const entries = Object.entries(detail);
  if (entries.length === 0) return null;
  return (
    <dl data-testid={depth === 0 ? 'audit-fields' : undefined} className="grid grid-cols-[fit-content(40%)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} data-field={key} className="contents">
          {/* wrap-anywhere: a Kubernetes path (spec.template.metadata.annotations.kubectl…) must not widen a phone's page. */}
          <dt className="min-w-0 text-muted wrap-anywhere">{labels[key] ?? humanize(key)}</dt>
          <dd className="min-w-0 wrap-anywhere">{renderValue(key, value, links, detail, depth)}</dd>
        </div>
      ))}
    </dl>
  );
}
