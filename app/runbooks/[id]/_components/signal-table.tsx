'use client';

import { showStaleSeverity } from '@/lib/severity/staleness';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { Rule, Unit } from '@/lib/catalog/schema';
import { describeCondition } from '@/lib/severity/words';
import { useLiveSection } from '@/lib/client/use-live-section';
import type { SignalStatus } from '@/lib/severity/types';
import { formatSignalValue } from '@/components/describe-status';
import { SeverityBadge } from '@/components/severity-badge';
import { severityStyles } from '@/components/severity-style';
import { Card, CardHeader } from '@/components/ui/card';
import { describeClassification } from '@/lib/severity/respond-within';

type SignalDefinition = { id: string; name: string; unit: Unit; rules: Rule[]; states?: Record<string, string>; subject?: string };
type Props = { id: string; pollMs: number; staleAfterMs: number; signals: SignalDefinition[] };

const MAX_SERIES = 6;

function SeriesList({ status, definition, section }: { status: SignalStatus | undefined; definition: SignalDefinition; section: SectionStatus | undefined }) {
  if (!status || status.series.length === 0) return <span className="text-muted">—</span>;
  const named = status.series.filter((s) => s.name);
  if (named.length === 0) return <span className="text-muted">single series</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5">
      {named.slice(0, MAX_SERIES).map((s) => {
        const severity = section ? showStaleSeverity(s.severity, section) : s.severity;
        return (
          <li key={s.name} className="whitespace-nowrap">
            <span aria-hidden="true" className={severityStyles[severity].text}>{severityStyles[severity].glyph} </span>
            <span className="sr-only">{severityStyles[severity].spoken}: </span>
            {s.name} <span className="tabular-nums">{formatSignalValue(s.value, definition)}</span>
          </li>
        );
      })}
      {named.length > MAX_SERIES ? <li className="text-muted">+{named.length - MAX_SERIES} more</li> : null}
    </ul>
  );
}

function RuleList({ rules, definition, firing }: { rules: Rule[]; definition: SignalDefinition; firing: SignalStatus['firing'] }) {
  return (
    <ul className="space-y-0.5">
      {rules.map((rule) => {
        const isFiringRule = firing !== null && firing.severity === rule.severity && firing.threshold === rule.threshold && firing.op === rule.op && (firing.for ?? null) === (rule.for ?? null);
        return (
          <li key={`${rule.severity}${rule.op}${rule.threshold}${rule.for ?? ''}`} data-testid="rule-sentence" title={`From the runbook: ${rule.description}`} className={isFiringRule ? 'font-semibold' : 'text-muted'}>
            <span aria-hidden="true" className={severityStyles[rule.severity].text}>{severityStyles[rule.severity].glyph}</span> {rule.severity} when {describeCondition(rule, definition)}
            {rule.classification && rule.seed ? <span data-testid="rule-classification" className="ml-1 text-muted">({describeClassification({ seed: rule.seed, ...rule.classification })})</span> : null}
            {isFiringRule ? <span className="ml-1 text-xs font-bold uppercase">firing</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Every signal of the section with its value, series, state and rules: the "why" behind the verdict. */
export function SignalTable({ id, pollMs, staleAfterMs, signals }: Props) {
  const { status } = useLiveSection({ id, pollMs, staleAfterMs });
  return (
    <Card as="section" aria-labelledby="signals-heading">
      <CardHeader id="signals-heading" title="Signals" />
      <div className={`relative overflow-x-auto ${status?.stale ? 'opacity-60' : ''}`}>
        {/* On a phone each row becomes a small card (name and value, then state, series and rules): no sideways scroll. */}
        <table className="w-full text-sm max-md:block">
          <thead className="text-left text-xs text-muted max-md:hidden">
            <tr className="border-b border-line">
              <th scope="col" className="px-4 py-2 font-medium">Signal</th>
              <th scope="col" className="px-2 py-2 text-right font-medium">Value</th>
              <th scope="col" className="px-2 py-2 font-medium">State</th>
              <th scope="col" className="px-2 py-2 font-medium">Series</th>
              <th scope="col" className="px-4 py-2 font-medium">Rules</th>
            </tr>
          </thead>
          <tbody className="max-md:block">
            {signals.map((definition) => {
              const found = status?.signals.find((s) => s.id === definition.id);
              // Stale data cannot show a signal as ok, and once expired every old state is history.
              const severity = found && status ? showStaleSeverity(found.severity, status) : found?.severity;
              const live = found && severity !== found.severity ? { ...found, severity: severity!, firing: severity === 'unknown' ? null : found.firing } : found;
              return (
                <tr key={definition.id} data-signal-id={definition.id} data-severity={live?.severity ?? 'unknown'} className="border-b border-line align-top last:border-b-0 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-4 max-md:py-2.5">
                  <th scope="row" className="px-4 py-2 text-left font-medium max-md:p-0">{definition.name}</th>
                  <td className="px-2 py-2 text-right text-base font-semibold whitespace-nowrap tabular-nums max-md:p-0">{formatSignalValue(live?.value ?? null, definition)}</td>
                  <td className="px-2 py-2 max-md:col-span-2 max-md:p-0">
                    <SeverityBadge severity={live?.severity ?? 'unknown'} size="sm" />
                    {live?.reason ? <p className="mt-1 max-w-56 text-xs break-words text-sev-unknown-fg">{live.reason}</p> : null}
                    {live?.note && live.severity === 'ok' ? <p className="mt-1 max-w-56 text-xs break-words text-muted">{live.note}</p> : null}
                  </td>
                  <td className="px-2 py-2 text-xs max-md:col-span-2 max-md:p-0"><SeriesList status={live} definition={definition} section={status ?? undefined} /></td>
                  <td className="px-4 py-2 text-xs max-md:col-span-2 max-md:p-0"><RuleList rules={definition.rules} definition={definition} firing={live?.firing ?? null} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
