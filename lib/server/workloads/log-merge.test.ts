import { describe, expect, it } from 'vitest';
import { chooseLogContainer, MAX_SHOWN_LINE_CHARS, mergePodLogs, parseLogTimestamp } from './log-merge';

describe('parseLogTimestamp', () => {
  it("reads RFC 3339 and Python's asctime at the start of a line, a zone-less time as UTC", () => {
    expect(parseLogTimestamp('2025-03-01T12:00:00.123456789Z INFO ok')).toBe(Date.parse('2025-03-01T12:00:00.123Z'));
    expect(parseLogTimestamp('2025-03-01 12:00:00,042 ERROR [voicehive.calls] CALL_END')).toBe(Date.parse('2025-03-01T12:00:00.042Z'));
    expect(parseLogTimestamp('[2025-03-01T13:00:00+01:00] started')).toBe(Date.parse('2025-03-01T12:00:00Z'));
    expect(parseLogTimestamp('2025-03-01T13:00:00+0100 started')).toBe(Date.parse('2025-03-01T12:00:00Z'));
  });

  it('is null for lines without a leading timestamp, or with an impossible one', () => {
    expect(parseLogTimestamp('Traceback (most recent call last):')).toBeNull();
    expect(parseLogTimestamp('  at 2025-03-01 12:00:00 something')).toBeNull();
    expect(parseLogTimestamp('2025-13-45 99:00:00 nonsense')).toBeNull();
    expect(parseLogTimestamp('2025-03-01 12:00:00123 glued digits')).toBeNull();
  });
});

describe('mergePodLogs', () => {
  const a = ['2025-03-01 12:00:01,000 ERROR a1', 'Traceback: continuation of a1', '2025-03-01 12:00:03,000 ERROR a2'];
  const b = ['2025-03-01 12:00:02,000 ERROR b1', '2025-03-01 12:00:04,000 ERROR b2'];

  it('interleaves pods by time, keeping a continuation line under the line it belongs to', () => {
    const merged = mergePodLogs([{ pod: 'pod-a', lines: a }, { pod: 'pod-b', lines: b }], 100);
    expect(merged.sortedByTime).toBe(true);
    expect(merged.linesOmitted).toBe(0);
    expect(merged.lines.map((l) => l.text)).toEqual([a[0], a[1], b[0], a[2], b[1]]);
    expect(merged.lines.map((l) => l.pod)).toEqual(['pod-a', 'pod-a', 'pod-b', 'pod-a', 'pod-b']);
  });

  it('keeps the newest lines when there are more than the maximum', () => {
    const merged = mergePodLogs([{ pod: 'pod-a', lines: a }, { pod: 'pod-b', lines: b }], 2);
    expect(merged.lines.map((l) => l.text)).toEqual([a[2], b[1]]);
    expect(merged.linesOmitted).toBe(3);
  });

  it('leaves lines without any timestamps pod by pod, in their own order', () => {
    const merged = mergePodLogs([{ pod: 'x', lines: ['one', 'two'] }, { pod: 'y', lines: ['three'] }], 10);
    expect(merged.sortedByTime).toBe(false);
    expect(merged.lines.map((l) => l.text)).toEqual(['one', 'two', 'three']);
  });

  it('shortens very long lines for the browser', () => {
    const merged = mergePodLogs([{ pod: 'x', lines: ['y'.repeat(MAX_SHOWN_LINE_CHARS + 50)] }], 10);
    expect(merged.lines[0]!.text).toHaveLength(MAX_SHOWN_LINE_CHARS + ' …[shortened]'.length);
  });
});

describe('chooseLogContainer', () => {
  it('names no container for a single-container pod, else the default-container annotation, else the first', () => {
    expect(chooseLogContainer({ spec: { containers: [{ name: 'app' }] } })).toBeNull();
    expect(chooseLogContainer({ spec: { containers: [{ name: 'istio-proxy' }, { name: 'app' }] } })).toBe('istio-proxy');
    expect(chooseLogContainer({ metadata: { annotations: { 'kubectl.kubernetes.io/default-container': 'app' } }, spec: { containers: [{ name: 'istio-proxy' }, { name: 'app' }] } })).toBe('app');
    expect(chooseLogContainer({ metadata: { annotations: { 'kubectl.kubernetes.io/default-container': 'gone' } }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } })).toBe('a');
  });
});
