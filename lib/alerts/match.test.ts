import { describe, expect, it } from 'vitest';
import { buildConsoleAlerts, findAcknowledgement, matchAlertToSection, matcherMatches, toExactMatchers } from './match';
import type { RawAlert, Silence, SilenceMatcher } from './types';

const sections = new Set(['redis', 'call-failures', 'circuit-breakers']);
const NOW = Date.parse('2025-03-01T12:00:00Z');
const MIN = 60_000;

const eq = (name: string, value: string): SilenceMatcher => ({ name, value, isRegex: false, isEqual: true });
function silence(id: string, matchers: SilenceMatcher[], over: Partial<Silence> = {}): Silence {
  return { id, matchers, startsAt: NOW - 10 * MIN, endsAt: NOW + 50 * MIN, updatedAt: NOW - 10 * MIN, createdBy: 'olivia', comment: 'on it', state: 'active', ...over };
}

describe('matchAlertToSection', () => {
  it('takes the section label when it names a known section', () => {
    expect(matchAlertToSection({ section: 'redis' }, { runbook_url: 'https://ops.example/runbooks/call-failures' }, sections)).toBe('redis');
  });

  it('falls back to the runbook_url path on any host, with a trailing slash, query or fragment', () => {
    for (const url of [
      'https://ops.example/runbooks/redis',
      'http://10.0.0.7:3000/runbooks/redis/',
      'https://noc.internal/ops/runbooks/redis?tab=diagnosis',
      'https://ops.example/runbooks/redis#steps',
      '/runbooks/redis',
    ]) {
      expect(matchAlertToSection({ section: 'unknown-section' }, { runbook_url: url }, sections), url).toBe('redis');
    }
  });

  it('is null for unknown sections, other paths and junk', () => {
    expect(matchAlertToSection({}, { runbook_url: 'https://ops.example/runbooks/kafka' }, sections)).toBeNull();
    expect(matchAlertToSection({}, { runbook_url: 'https://wiki.example/redis' }, sections)).toBeNull();
    expect(matchAlertToSection({}, { runbook_url: 'https://ops.example/runbooks/redis/extra' }, sections)).toBeNull();
    expect(matchAlertToSection({}, { runbook_url: 'http://[bad' }, sections)).toBeNull();
    expect(matchAlertToSection({}, { runbook_url: 'https://ops.example/runbooks/%E0%A4%A' }, sections)).toBeNull();
    expect(matchAlertToSection({}, {}, sections)).toBeNull();
  });
});

describe('matcherMatches (as Alertmanager matches)', () => {
  const labels = { alertname: 'RedisDown', instance: 'redis-0:6379', severity: 'P1' };
  it('handles =, !=, =~ (anchored) and !~', () => {
    expect(matcherMatches(eq('severity', 'P1'), labels)).toBe(true);
    expect(matcherMatches({ name: 'severity', value: 'P1', isRegex: false, isEqual: false }, labels)).toBe(false);
    expect(matcherMatches({ name: 'instance', value: 'redis-.*', isRegex: true, isEqual: true }, labels)).toBe(true);
    expect(matcherMatches({ name: 'instance', value: 'redis', isRegex: true, isEqual: true }, labels)).toBe(false);
    expect(matcherMatches({ name: 'severity', value: 'P0|P1', isRegex: true, isEqual: true }, labels)).toBe(true);
    expect(matcherMatches({ name: 'severity', value: 'P0|P1', isRegex: true, isEqual: false }, labels)).toBe(false);
    expect(matcherMatches({ name: 'alertname', value: '(?i)redisdown', isRegex: true, isEqual: true }, labels)).toBe(true);
  });

  it('treats a missing label as "" and an uncompilable pattern as no match', () => {
    expect(matcherMatches({ name: 'team', value: 'db', isRegex: false, isEqual: false }, labels)).toBe(true);
    expect(matcherMatches({ name: 'team', value: '', isRegex: false, isEqual: true }, labels)).toBe(true);
    expect(matcherMatches({ name: 'team', value: '.*', isRegex: true, isEqual: true }, labels)).toBe(true);
    expect(matcherMatches({ name: 'instance', value: '(unclosed', isRegex: true, isEqual: true }, labels)).toBe(false);
  });
});

describe('findAcknowledgement', () => {
  const labels = { alertname: 'RedisDown', section: 'redis', severity: 'P1' };

  it('is the active silence whose matchers all match, latest-ending first', () => {
    const silences = [
      silence('a', toExactMatchers(labels), { endsAt: NOW + 20 * MIN, createdBy: 'amir' }),
      silence('b', [eq('section', 'redis')], { endsAt: NOW + 90 * MIN, createdBy: 'bea', comment: 'maintenance' }),
      silence('c', [eq('section', 'redis'), eq('severity', 'P0')], { endsAt: NOW + 300 * MIN }),
    ];
    // The maintenance window is shown as the acknowledgement, but it is not this alert's own to end.
    expect(findAcknowledgement(labels, silences, { now: NOW })).toEqual({ silenceId: 'b', by: 'bea', at: NOW - 10 * MIN, until: NOW + 90 * MIN, comment: 'maintenance', endable: false });
    expect(findAcknowledgement(labels, silences.slice(0, 1), { now: NOW })).toMatchObject({ silenceId: 'a', endable: true });
  });

  it('ignores expired, pending, not-yet-started, already-ended and matcher-less silences', () => {
    const exact = toExactMatchers(labels);
    const silences = [
      silence('expired', exact, { state: 'expired' }),
      silence('pending', exact, { state: 'pending', startsAt: NOW + MIN }),
      silence('future', exact, { startsAt: NOW + MIN }),
      silence('ended', exact, { endsAt: NOW }),
      silence('empty', []),
    ];
    expect(findAcknowledgement(labels, silences, { now: NOW })).toBeNull();
  });

  it("counts a silence Alertmanager lists in silencedBy even when its regex is RE2-only", () => {
    const re2 = silence('re2', [{ name: 'alertname', value: '\\QRedisDown\\E', isRegex: true, isEqual: true }]);
    expect(findAcknowledgement(labels, [re2], { now: NOW })).toBeNull();
    expect(findAcknowledgement(labels, [re2], { now: NOW, silencedBy: ['re2'] })?.silenceId).toBe('re2');
  });
});

describe('buildConsoleAlerts', () => {
  const raw = (fingerprint: string, labels: Record<string, string>, annotations: Record<string, string> = {}, over: Partial<RawAlert> = {}): RawAlert => ({
    fingerprint,
    labels,
    annotations,
    startsAt: NOW - 5 * MIN,
    state: 'firing',
    silencedBy: [],
    ...over,
  });

  it('joins section and acknowledgement, keeps unmatched alerts and sorts worst first', () => {
    const alerts = buildConsoleAlerts(
      [
        raw('f1', { alertname: 'DiskFull', severity: 'warning' }, { description: 'disk 95 %' }),
        raw('f2', { alertname: 'RedisDown', section: 'redis', severity: 'P1' }, { summary: 'Redis: down' }, { state: 'suppressed', silencedBy: ['s1'] }),
        raw('f3', { alertname: 'CallsFailing', severity: 'P0' }, { runbook_url: 'https://ops.example/runbooks/call-failures' }),
      ],
      [silence('s1', [eq('alertname', 'RedisDown')])],
      sections,
      NOW,
    );
    expect(alerts.map((a) => [a.fingerprint, a.name, a.sectionId, a.severity, a.summary, a.state, a.ack?.silenceId ?? null])).toEqual([
      ['f3', 'CallsFailing', 'call-failures', 'P0', null, 'firing', null],
      ['f2', 'RedisDown', 'redis', 'P1', 'Redis: down', 'suppressed', 's1'],
      ['f1', 'DiskFull', null, 'warning', 'disk 95 %', 'firing', null],
    ]);
  });
});

describe('toExactMatchers', () => {
  it('is one equality matcher per label, sorted by name', () => {
    expect(toExactMatchers({ severity: 'P1', alertname: 'X' })).toEqual([eq('alertname', 'X'), eq('severity', 'P1')]);
  });
});
