import { describe, expect, it } from 'vitest';
import { evaluateSignal } from './evaluate-signal';
import { makeSignal } from './test-signal';

const one = (value: number, labels: Record<string, string> = {}) => [{ labels, value }];

describe('evaluateSignal', () => {
  it('is ok when no rule holds', () => {
    const status = evaluateSignal(makeSignal(), one(0.99));
    expect(status.severity).toBe('ok');
    expect(status.value).toBe(0.99);
    expect(status.firing).toBeNull();
  });

  it('picks the most severe rule that holds, whatever the order of the rules', () => {
    expect(evaluateSignal(makeSignal(), one(0.8)).severity).toBe('P1');
    const status = evaluateSignal(makeSignal(), one(0.3));
    expect(status.severity).toBe('P0');
    expect(status.firing).toMatchObject({ severity: 'P0', op: '<', threshold: 0.5, value: 0.3, description: 'call success rate < 50 %' });
  });

  it('does not fire a strict rule at exactly the threshold, and fires an inclusive one', () => {
    expect(evaluateSignal(makeSignal(), one(0.95)).severity).toBe('ok');
    expect(evaluateSignal(makeSignal(), one(0.5)).severity).toBe('P1');
    const inclusive = makeSignal({ rules: [{ severity: 'P2', op: '>=', threshold: 0.8, description: 'x' }] });
    expect(evaluateSignal(inclusive, one(0.8)).severity).toBe('P2');
  });

  it('is unknown on an empty result unless Prometheus explained it, even where absence is healthy', () => {
    const status = evaluateSignal(makeSignal(), []);
    expect(status.severity).toBe('unknown');
    expect(status.reason).toMatch(/no data/);
    // Without the exporter's proof of life (the explanation), "nothing happened" cannot be told from "not scraped".
    expect(evaluateSignal(makeSignal({ onEmpty: 'ok' }), []).severity).toBe('unknown');
  });

  it('takes the explanation of an empty result: ok with its note, or unknown with its reason', () => {
    const ok = evaluateSignal(makeSignal({ onEmpty: 'ok' }), [], undefined, { severity: 'ok', message: 'none: nothing matched, and kube-state-metrics is reporting' });
    expect(ok).toMatchObject({ severity: 'ok', reason: null, note: 'none: nothing matched, and kube-state-metrics is reporting' });
    const missing = evaluateSignal(makeSignal(), [], undefined, { severity: 'unknown', message: 'no pg_up series at all: is the postgres exporter scraped by this Prometheus?' });
    expect(missing).toMatchObject({ severity: 'unknown', reason: 'no pg_up series at all: is the postgres exporter scraped by this Prometheus?' });
  });

  it('is unknown on NaN, never ok', () => {
    const status = evaluateSignal(makeSignal(), one(Number.NaN));
    expect(status.severity).toBe('unknown');
    expect(status.value).toBeNull();
    expect(status.reason).toMatch(/NaN/);
  });

  it('compares infinities as numbers: +Inf latency fires a > rule, -Inf fires a < rule', () => {
    const latency = makeSignal({ unit: 'seconds', rules: [{ severity: 'P2', op: '>', threshold: 0.5, description: 'p95 > 500 ms' }] });
    expect(evaluateSignal(latency, one(Infinity)).severity).toBe('P2');
    expect(evaluateSignal(makeSignal(), one(-Infinity)).severity).toBe('P0');
  });

  it('lets the worst of several series win and names it', () => {
    const perVendor = makeSignal({
      seriesLabels: ['vendor'],
      rules: [{ severity: 'P1', op: '>', threshold: 0.05, description: 'PMS errors > 5 %' }],
      unit: 'ratio',
    });
    const status = evaluateSignal(perVendor, [
      { labels: { vendor: 'mews' }, value: 0.01 },
      { labels: { vendor: 'apaleo' }, value: 0.4 },
      { labels: { vendor: 'opera' }, value: Number.NaN },
    ]);
    expect(status.severity).toBe('P1');
    expect(status.firing?.series).toBe('apaleo');
    expect(status.value).toBe(0.4);
    expect(status.series.map((s) => s.severity)).toEqual(['ok', 'P1', 'unknown']);
  });

  it('is unknown, with the upstream message, when the query failed (Prometheus down or timing out)', () => {
    const down = evaluateSignal(makeSignal(), new Error('prometheus: connection refused'));
    expect(down).toMatchObject({ severity: 'unknown', value: null, reason: 'prometheus: connection refused' });
    const slow = evaluateSignal(makeSignal(), new Error('prometheus: no answer within 5000 ms'));
    expect(slow.severity).toBe('unknown');
  });
});

describe('rules with `for`', () => {
  const breaker = makeSignal({
    unit: 'count',
    rules: [
      { severity: 'P2', op: '==', threshold: 2, description: 'any breaker open' },
      { severity: 'P1', op: '==', threshold: 2, description: 'a breaker open for more than 10 minutes', for: '10m' },
    ],
  });
  const step = 60_000;
  const now = 1_000 * step;
  const window = { start: now - 60 * step, stepMs: step, now };
  const openFor = (minutes: number) => [{ labels: {}, points: Array.from({ length: minutes + 1 }, (_, i) => [now - (minutes - i) * step, 2] as [number, number]) }];

  it('fires only after the condition has held for the duration', () => {
    expect(evaluateSignal(breaker, one(2), { series: openFor(3), window }).severity).toBe('P2');
    expect(evaluateSignal(breaker, one(2), { series: openFor(10), window }).severity).toBe('P1');
  });

  it('cannot fire without history (a failed range query), but the plain rule still does', () => {
    expect(evaluateSignal(breaker, one(2)).severity).toBe('P2');
  });

  it('is unknown, not ok, when only a `for` rule holds and its history cannot be read', () => {
    const onlyFor = makeSignal({ unit: 'count', rules: [{ severity: 'P1', op: '==', threshold: 2, description: 'open for 10 min', for: '10m' }] });
    const status = evaluateSignal(onlyFor, one(2));
    expect(status.severity).toBe('unknown');
    expect(status.reason).toMatch(/cannot tell whether "open for 10 min" has held for 10m/);
    expect(evaluateSignal(onlyFor, one(0)).severity).toBe('ok');
  });
});
