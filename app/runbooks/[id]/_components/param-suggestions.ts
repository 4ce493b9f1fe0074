import type { Action } from '@/lib/catalog/schema';
import type { SectionStatus } from '@/lib/severity/section-status';
import { compareSeverity, type Severity } from '@/lib/severity/types';

/** A choice the live state points to, and why in words (shown beside the input). */
export type ParamSuggestion = { value: string; why: string };

const firing = (severity: Severity) => /^P[0-3]$/.test(severity);

/** The series whose name is the value, or starts with it ("apaleo error" for the vendor apaleo). */
const names = (series: string, value: string) => series === value || series.startsWith(`${value} `);

/**
 * What the section's live state points to for each choice of an action (issue 15 point 12): the breaker that is
 * open for "reset a breaker", the vendor whose rule fires for "clear a vendor's rate limit", the deployment whose
 * error rate fires for "roll back". The worst firing series of the section that names one of the choices wins
 * (signals in catalog order on a tie). Nothing fires, or nothing names a choice: no suggestion, and the catalog's
 * default (or "Choose…") stays. Stale or unknown readings suggest nothing. Pure.
 */
export function suggestParamValues(action: Action, status: SectionStatus | null | undefined): Record<string, ParamSuggestion> {
  if (!status || status.stale || !firing(status.severity)) return {};
  const candidates = status.signals.flatMap((signal) =>
    signal.series
      .filter((series) => firing(series.severity))
      .map((series) => ({ signal, series })),
  );
  candidates.sort((a, b) => compareSeverity(a.series.severity, b.series.severity));
  const suggestions: Record<string, ParamSuggestion> = {};
  for (const [name, spec] of Object.entries(action.params)) {
    if (spec.type !== 'enum') continue;
    for (const { signal, series } of candidates) {
      const value = spec.values.find((v) => names(series.name, v));
      if (value === undefined) continue;
      const subject = signal.subject ? signal.subject.replaceAll('{series}', series.name) : `${signal.name} (${series.name})`;
      const state = signal.states?.[String(series.value)];
      suggestions[name] = { value, why: `preselected from the live state: ${subject} ${state ? `is ${state}` : 'fires'} now (${series.severity})` };
      break;
    }
  }
  return suggestions;
}
