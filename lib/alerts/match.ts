// Pure: which section an alert belongs to, and which silence acknowledges it. Client code may import this.
import type { Acknowledgement, ConsoleAlert, RawAlert, Silence, SilenceMatcher } from './types';

// The path the catalog's rules give runbook_url (`${CONSOLE_URL}/runbooks/<id>`); the host is not checked, since the
// console may be reached under another name than the one the rules were generated with.
const RUNBOOK_PATH = /\/runbooks\/([^/]+)\/?$/;

function sectionFromRunbookUrl(value: string | undefined, sectionIds: ReadonlySet<string>): string | null {
  if (!value) return null;
  let pathname: string;
  try {
    // A base, so a relative "/runbooks/redis" works too; query and fragment fall away with the parse.
    pathname = new URL(value, 'http://console.invalid').pathname;
  } catch {
    return null;
  }
  const raw = RUNBOOK_PATH.exec(pathname)?.[1];
  if (!raw) return null;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return sectionIds.has(id) ? id : null;
}

/**
 * The section an alert belongs to: its `section` label when that names a known section, else the section its
 * `runbook_url` annotation points at, else null (the alert is still shown, under "other").
 */
export function matchAlertToSection(labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>, sectionIds: ReadonlySet<string>): string | null {
  const label = labels.section;
  if (label !== undefined && sectionIds.has(label)) return label;
  return sectionFromRunbookUrl(annotations.runbook_url, sectionIds);
}

// Compiled regex matchers; silences are few and long-lived, so a small cache that starts over when full is enough.
const compiled = new Map<string, RegExp | null>();
const COMPILED_LIMIT = 500;

/**
 * Alertmanager's regex matchers are RE2, anchored at both ends. Leading inline flags such as `(?i)` become JS
 * flags; a pattern JS cannot compile gives null (it matches nothing here, and Alertmanager's own `silencedBy` still counts).
 */
function compileAnchored(pattern: string): RegExp | null {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = inline?.[1] ? [...new Set(inline[1])].join('') : '';
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  let regex: RegExp | null;
  try {
    regex = new RegExp(`^(?:${body})$`, flags);
  } catch {
    regex = null;
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

/** As Alertmanager matches: a label the alert lacks has the value "" (so `foo!="bar"` matches an alert without foo). */
export function matcherMatches(matcher: SilenceMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  if (!matcher.isRegex) return (value === matcher.value) === matcher.isEqual;
  const regex = compileAnchored(matcher.value);
  if (!regex) return false;
  return regex.test(value) === matcher.isEqual;
}

export function silenceMatches(silence: Pick<Silence, 'matchers'>, labels: Readonly<Record<string, string>>): boolean {
  // Alertmanager refuses silences without matchers; one without any must not silence everything here either.
  return silence.matchers.length > 0 && silence.matchers.every((m) => matcherMatches(m, labels));
}

export function isSilenceActive(silence: Silence, now: number): boolean {
  return silence.state === 'active' && silence.startsAt <= now && now < silence.endsAt;
}

/** The matchers of a silence on exactly this label set: what acknowledging creates. */
export function toExactMatchers(labels: Readonly<Record<string, string>>): SilenceMatcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name] ?? '', isRegex: false, isEqual: true }));
}

/** True when the silence's matchers are exactly `name="value"` for every label of the alert, and nothing else. */
export function isExactSilenceFor(silence: Silence, labels: Readonly<Record<string, string>>): boolean {
  const key = (m: SilenceMatcher) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual]);
  const want = toExactMatchers(labels).map(key).sort();
  const have = silence.matchers.map(key).sort();
  return want.length === have.length && want.every((k, i) => k === have[i]);
}

export function toAcknowledgement(silence: Silence, labels: Readonly<Record<string, string>>): Acknowledgement {
  return { silenceId: silence.id, by: silence.createdBy, at: silence.startsAt, until: silence.endsAt, comment: silence.comment, endable: isExactSilenceFor(silence, labels) };
}

/**
 * The acknowledgement of an alert: the active silence whose matchers all match its labels (or that Alertmanager
 * itself lists in the alert's `silencedBy`), the one ending last when several do.
 */
export function findAcknowledgement(
  labels: Readonly<Record<string, string>>,
  silences: readonly Silence[],
  options: { now?: number; silencedBy?: readonly string[] } = {},
): Acknowledgement | null {
  const now = options.now ?? Date.now();
  const named = new Set(options.silencedBy ?? []);
  let best: Silence | null = null;
  for (const silence of silences) {
    if (!isSilenceActive(silence, now) || !(named.has(silence.id) || silenceMatches(silence, labels))) continue;
    if (!best || silence.endsAt > best.endsAt || (silence.endsAt === best.endsAt && silence.startsAt > best.startsAt)) best = silence;
  }
  return best ? toAcknowledgement(best, labels) : null;
}

const SEVERITY_ORDER = ['P0', 'P1', 'P2', 'P3'];
const rankOf = (severity: string | null) => {
  const rank = SEVERITY_ORDER.indexOf(severity ?? '');
  return rank === -1 ? SEVERITY_ORDER.length : rank;
};

/** Worst severity first, then the longest-running, so the order is stable between polls. */
export function compareConsoleAlerts(a: ConsoleAlert, b: ConsoleAlert): number {
  return rankOf(a.severity) - rankOf(b.severity) || a.startsAt - b.startsAt || a.name.localeCompare(b.name) || a.fingerprint.localeCompare(b.fingerprint);
}

/** Upstream alerts as the console shows them: section and acknowledgement joined in, sorted. */
export function buildConsoleAlerts(raw: readonly RawAlert[], silences: readonly Silence[], sectionIds: ReadonlySet<string>, now: number): ConsoleAlert[] {
  return raw
    .map((alert): ConsoleAlert => ({
      fingerprint: alert.fingerprint,
      name: alert.labels.alertname ?? '(no alertname)',
      sectionId: matchAlertToSection(alert.labels, alert.annotations, sectionIds),
      severity: alert.labels.severity ?? null,
      summary: alert.annotations.summary ?? alert.annotations.description ?? null,
      labels: alert.labels,
      startsAt: alert.startsAt,
      state: alert.state,
      ack: findAcknowledgement(alert.labels, silences, { now, silencedBy: alert.silencedBy }),
    }))
    .sort(compareConsoleAlerts);
}
