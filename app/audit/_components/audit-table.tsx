import type { AuditEntry } from '@/lib/audit/csv';
import { DetailCell } from './detail-cell';
import { LocalTime } from './local-time';
import { OutcomeLabel } from './outcome-label';

const dash = <span className="text-muted">—</span>;

/** The records, newest first, one row each; the record number and hash are in the row's tooltip. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="px-4 py-6 text-sm text-muted">No records match these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-line">
            <th scope="col" className="px-4 py-2 font-medium">Time</th>
            <th scope="col" className="px-2 py-2 font-medium">Actor</th>
            <th scope="col" className="px-2 py-2 font-medium">Role</th>
            <th scope="col" className="px-2 py-2 font-medium">Action</th>
            <th scope="col" className="px-2 py-2 font-medium">Target</th>
            <th scope="col" className="px-2 py-2 font-medium">Outcome</th>
            <th scope="col" className="px-2 py-2 font-medium">Client</th>
            <th scope="col" className="px-4 py-2 font-medium">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-seq={e.seq} title={`record ${e.seq} · hash ${e.hash}`} className="border-b border-line align-top last:border-b-0">
              <td className="px-4 py-2"><LocalTime at={e.at} /></td>
              <td className="max-w-48 px-2 py-2 font-medium break-all">{e.actor}</td>
              <td className="px-2 py-2 text-muted">{e.actorRole ?? dash}</td>
              <td className="px-2 py-2 font-mono text-xs whitespace-nowrap">{e.action}</td>
              <td className="max-w-56 px-2 py-2 break-all">{e.target ?? dash}</td>
              <td className="px-2 py-2"><OutcomeLabel outcome={e.outcome} /></td>
              <td className="px-2 py-2 font-mono text-xs whitespace-nowrap">{e.clientAddress ?? dash}</td>
              <td className="px-4 py-2"><DetailCell detail={e.detail} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
