import type { MetricCheck, SectionCheck } from '@/lib/server/estate-check';

const tableClass = 'w-full border-collapse overflow-hidden rounded-lg border border-line bg-surface text-sm';

export function SectionTable({ sections }: { sections: SectionCheck[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg">
      <table className={tableClass} aria-label="Sections">
        <thead className="bg-surface-2 text-left text-xs text-muted">
          <tr>
            <th className="px-3 py-2">Section</th>
            <th className="px-3 py-2">Can be judged</th>
          </tr>
        </thead>
        <tbody>
          {sections.map((s) => (
            <tr key={s.id} className="border-t border-line align-top" data-testid="estate-section" data-judgeable={s.judgeable}>
              <td className="px-3 py-2 font-medium">{s.title}</td>
              <td className="px-3 py-2">
                {s.judgeable ? '✓ yes' : <span className="font-semibold text-sev-unknown-fg">✕ no</span>}
                {s.problems.map((p) => (
                  <p key={p} className="mt-1 text-xs break-words text-muted">{p}</p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeLocation(m: MetricCheck): string {
  if (m.location.state === 'found') return `✓ found (${m.location.series} series)`;
  return m.location.state === 'absent' ? '✕ absent' : m.location.state === 'target-down' ? '✕ target down' : '△ other labels';
}

export function MetricTable({ metrics }: { metrics: MetricCheck[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg">
      <table className={tableClass} aria-label="Metrics of the contract">
        <thead className="bg-surface-2 text-left text-xs text-muted">
          <tr>
            <th className="px-3 py-2">Metric</th>
            <th className="px-3 py-2">Exporter</th>
            <th className="px-3 py-2">Where</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.metric} className="border-t border-line align-top" data-testid="estate-metric" data-state={m.location.state}>
              <td className="px-3 py-2 font-mono text-xs break-all">{m.metric}</td>
              <td className="px-3 py-2 text-xs">{m.family}</td>
              <td className="px-3 py-2 text-xs">
                {describeLocation(m)}
                {m.advice ? <p className="mt-1 break-words text-muted">{m.advice}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
