import type { Rule, Section, Signal } from './schema';

/**
 * Does a rule that cites a seed carry a number the seed actually says? An on-call engineer trusts a
 * threshold on the console more than one in a wiki, so "seed: 001" next to "> 10 %" must mean 001 says 10 %.
 * A rule whose number comes from elsewhere (the metrics contract) cites no seed and says so in its description.
 *
 * How a number is matched against a seed's text (case-insensitive, a space allowed before a unit, the
 * number never part of a longer number):
 * - ratio: the threshold as a percentage: 0.1 ↔ "10%" or "10 %"; 0.95 ↔ "95%".
 * - seconds and timestamp-age: "2s", "2.0s", "2 seconds", "500ms" for 0.5, "5 minutes" for 300,
 *   "1 hour" for 3600, "4 hours" for 14400 (every exact way of writing it).
 * - per-second: "1/s" or "1 per second".
 * - count and bytes: the number itself ("1000" or "1,000").
 * - a rule's `for` duration: "10m" ↔ "10 minutes", "1m" ↔ "1 minute", "1h" ↔ "1 hour".
 * Not checked, because the number is a state rather than a threshold: boolean signals (up == 0), signals
 * with named states (a breaker "open"), and "any" rules (count > 0, == 0 on a count). Their `for` still is.
 */

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const trim = (n: number) => String(Number(n.toFixed(6)));

function durationForms(seconds: number): string[] {
  const forms = [`${trim(seconds)}\\s?(s|sec|secs|second|seconds)\\b`];
  if (Number.isInteger(seconds)) forms.push(`${seconds}\\.0\\s?(s|seconds)\\b`);
  if (seconds < 1) forms.push(`${trim(seconds * 1000)}\\s?ms\\b`);
  if (seconds % 60 === 0) forms.push(`${seconds / 60}\\s?(m|min|mins|minute|minutes)\\b`);
  if (seconds % 3600 === 0) forms.push(`${seconds / 3600}\\s?(h|hour|hours)\\b`);
  return forms;
}

const durationSeconds = (text: string) => {
  const [, n = '0', unit = 's'] = /^(\d+)(s|m|h)$/.exec(text) ?? [];
  return Number(n) * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
};

/** The regular expressions (sources) any one of which a seed's text must match for this threshold. */
export function thresholdForms(threshold: number, unit: Signal['unit']): string[] {
  switch (unit) {
    case 'ratio':
      return [`${escape(trim(threshold * 100))}\\s?(%|percent)`];
    case 'seconds':
    case 'timestamp-age':
      return durationForms(threshold);
    case 'per-second':
      return [`${escape(trim(threshold))}\\s?(/\\s?s\\b|per second)`];
    default: {
      const plain = escape(trim(threshold));
      const grouped = threshold >= 1000 && Number.isInteger(threshold) ? `|${threshold.toLocaleString('en-US')}` : '';
      return [`(${plain}${grouped})(?![\\d])`];
    }
  }
}

const matches = (text: string, form: string) => new RegExp(`(?<![\\d.,])${form}`, 'i').test(text);

/** Whether the threshold is a state or "any", not a number a seed would state. */
function thresholdIsState(signal: Signal, rule: Rule): boolean {
  if (signal.unit === 'boolean' || signal.states) return true;
  return rule.threshold === 0 && ['>', '==', '!='].includes(rule.op);
}

export type SeedNumberProblem = { section: string; signal: string; rule: string; seed: string; missing: string };

/** Every rule citing a seed (by its number, e.g. "001") whose text lacks the rule's threshold or duration. */
export function findSeedNumberProblems(sections: Section[], seedTexts: Record<string, string>): SeedNumberProblem[] {
  const problems: SeedNumberProblem[] = [];
  for (const section of sections) {
    for (const signal of section.signals) {
      for (const rule of signal.rules) {
        if (!rule.seed) continue;
        const at = { section: section.id, signal: signal.id, rule: rule.description, seed: rule.seed };
        const text = seedTexts[rule.seed];
        if (text === undefined) {
          problems.push({ ...at, missing: `seed ${rule.seed} does not exist` });
          continue;
        }
        if (!thresholdIsState(signal, rule) && !thresholdForms(rule.threshold, signal.unit).some((f) => matches(text, f))) {
          problems.push({ ...at, missing: `threshold ${rule.threshold} (${signal.unit})` });
        }
        if (rule.for && !durationForms(durationSeconds(rule.for)).some((f) => matches(text, f))) {
          problems.push({ ...at, missing: `duration ${rule.for}` });
        }
      }
    }
  }
  return problems;
}
