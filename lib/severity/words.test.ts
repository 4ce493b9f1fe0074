import { describe, expect, it } from 'vitest';
import { describeCondition, describeFiring, formatReading } from './words';

const breaker = { id: 'breaker-state', name: 'Circuit breaker state, per breaker', unit: 'count' as const, states: { 0: 'closed', 1: 'half-open', 2: 'open' }, subject: '{series} breaker' };
const pgUp = { id: 'pg-up', name: 'PostgreSQL up', unit: 'boolean' as const, subject: 'PostgreSQL' };
const connections = { id: 'connections-of-max', name: 'Connections / max_connections, per instance', unit: 'ratio' as const };
const success = { id: 'call-success', name: 'Call success rate', unit: 'ratio' as const };

describe('formatReading', () => {
  it('says the state of an enumerated gauge and of a liveness boolean, the number otherwise', () => {
    expect(formatReading(2, breaker)).toBe('open');
    expect(formatReading(0, breaker)).toBe('closed');
    expect(formatReading(0, pgUp)).toBe('down');
    expect(formatReading(1, pgUp)).toBe('up');
    // A value between states (an average) is shown as the number it is, never rounded to a state.
    expect(formatReading(1.5, breaker)).toBe('1.5');
    expect(formatReading(0.355, connections)).toBe('35.5 %');
    expect(formatReading(null, breaker)).toBe('—');
  });
});

describe('describeCondition', () => {
  it('reads a rule as the states it matches, with its duration', () => {
    expect(describeCondition({ op: '>=', threshold: 2 }, breaker)).toBe('open');
    expect(describeCondition({ op: '>=', threshold: 2, for: '10m' }, breaker)).toBe('open for over 10 min');
    expect(describeCondition({ op: '>=', threshold: 1 }, breaker)).toBe('half-open or open');
    expect(describeCondition({ op: '==', threshold: 0 }, pgUp)).toBe('down');
  });

  it('reads a numeric rule as a comparison in words', () => {
    expect(describeCondition({ op: '>', threshold: 0.8 }, connections)).toBe('above 80 %');
    expect(describeCondition({ op: '<', threshold: 0.95 }, success)).toBe('below 95 %');
    expect(describeCondition({ op: '<=', threshold: 0.5, for: '90s' }, success)).toBe('at or below 50 % for over 1 min 30 s');
  });
});

describe('describeFiring', () => {
  it('names what is wrong for a state: "PostgreSQL is down", "pms_connector breaker is open for 12 min"', () => {
    expect(describeFiring({ op: '==', threshold: 0, value: 0, series: '' }, pgUp)).toBe('PostgreSQL is down');
    expect(describeFiring({ op: '>=', threshold: 2, value: 2, series: 'pms_connector', for: '10m' }, breaker, 12 * 60_000)).toBe('pms_connector breaker is open for 12 min');
    // Without a `for`, how long is said by the firing time beside it, not repeated.
    expect(describeFiring({ op: '>=', threshold: 2, value: 2, series: 'tts' }, breaker, 60_000)).toBe('tts breaker is open');
  });

  it('gives a number with the threshold it crossed, naming the series without the "per …" of the name', () => {
    expect(describeFiring({ op: '<', threshold: 0.95, value: 0.812, series: '' }, success)).toBe('Call success rate 81.2 %, below 95 %');
    expect(describeFiring({ op: '>', threshold: 0.8, value: 0.92, series: 'pg-0' }, connections)).toBe('Connections / max_connections (pg-0) 92 %, above 80 %');
  });
});
