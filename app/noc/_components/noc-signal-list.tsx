import { formatSignalValue } from '@/components/describe-status';
import { describeFiring } from '@/lib/severity/words';
import type { SectionStatus } from '@/lib/severity/section-status';
import { showStaleSeverity } from '@/lib/severity/staleness';
import { compareSeverity } from '@/lib/severity/types';
import { NocBadge } from './noc-badge';

// More series than this (vendors, nodes, queues) would not be read from across the room anyway.
const MAX_SERIES = 6;

/** Every signal of a section: its value and state, the rule that fires, and its worst series. */
export function NocSignalList({ status }: { status: SectionStatus }) {
  return (
    <ul data-testid="noc-signals" aria-label="Signals" className="flex shrink-0 flex-col gap-[0.4em] text-[0.9em]">
      {status.signals.map((signal) => {
        const series = [...signal.series].sort((a, b) => compareSeverity(a.severity, b.severity) || b.value - a.value);
        return (
          <li key={signal.id} data-testid="noc-signal" data-signal-id={signal.id} className="grid grid-cols-[minmax(0,1fr)_auto_auto] items-center gap-x-[0.8em] border-t-[0.06em] border-line pt-[0.4em]">
            <div className="min-w-0">
              <p className="font-semibold">{signal.name}</p>
              {signal.firing ? (
                <p className="text-[0.85em] text-muted">
                  {describeFiring(signal.firing, signal)} — {signal.firing.description}
                </p>
              ) : signal.reason ? (
                <p className="text-[0.85em] text-sev-unknown-fg">{signal.reason}</p>
              ) : signal.note ? (
                <p className="text-[0.85em] text-muted">{signal.note}</p>
              ) : null}
              {series.length > 1 ? (
                <p className="mt-[0.15em] flex flex-wrap gap-x-[0.9em] text-[0.8em] text-muted tabular-nums">
                  {series.slice(0, MAX_SERIES).map((s) => (
                    <span key={s.name} className={`whitespace-nowrap ${s.severity !== 'ok' ? 'font-bold text-fg' : ''}`}>
                      {s.name} {formatSignalValue(s.value, signal)}
                    </span>
                  ))}
                  {series.length > MAX_SERIES ? <span>+{series.length - MAX_SERIES} more</span> : null}
                </p>
              ) : null}
            </div>
            <p className="text-[1.3em] font-bold whitespace-nowrap tabular-nums">{formatSignalValue(signal.value, signal)}</p>
            <NocBadge severity={showStaleSeverity(signal.severity, status)} className="text-[0.85em]" />
          </li>
        );
      })}
    </ul>
  );
}
