import { describe, expect, it } from 'vitest';
import { MASK, MAX_LINE_LENGTH, filterLogLines, luhnValid, maskLogLine, maskLogText } from './log-mask';

describe('maskLogLine', () => {
  it('masks e-mail addresses', () => {
    expect(maskLogLine('guest jane.doe+vip@hotel-example.co.uk booked')).toBe(`guest ${MASK.email} booked`);
    expect(maskLogLine('from=A_B@x.io,to=c@d.example')).toBe(`from=${MASK.email},to=${MASK.email}`);
  });

  it('masks card numbers that pass Luhn, with or without separators', () => {
    expect(maskLogLine('card 4111111111111111 ok')).toBe(`card ${MASK.card} ok`);
    expect(maskLogLine('card 4111 1111 1111 1111 exp 12/27')).toBe(`card ${MASK.card} exp 12/27`);
    expect(maskLogLine('card=5500-0000-0000-0004;')).toBe(`card=${MASK.card};`);
    expect(maskLogLine('amex 3782 822463 10005')).toBe(`amex ${MASK.card}`);
    expect(maskLogLine('visa13 4222222222222')).toBe(`visa13 ${MASK.card}`);
    // A card followed by another number in the same run is still found.
    expect(maskLogLine('paid 4111 1111 1111 1111 2 nights')).toBe(`paid ${MASK.card} 2 nights`);
  });

  it('leaves digit runs that are not cards', () => {
    expect(maskLogLine('order 4111111111111112 failed')).toBe('order 4111111111111112 failed'); // Luhn fails
    expect(maskLogLine('took 1234 ms, id 123456789012')).toBe('took 1234 ms, id 123456789012'); // too short
    expect(maskLogLine('ts=1718000000000 level=info')).toBe('ts=1718000000000 level=info'); // epoch ms, even if Luhn-valid
    expect(luhnValid('1718000000000')).toBe(false);
    expect(maskLogLine('ts=1718000000006')).toBe('ts=1718000000006');
    expect(luhnValid('1718000000006')).toBe(true);
    expect(maskLogLine('12345678901234567890123 too long')).toBe('12345678901234567890123 too long');
  });

  it('masks international and common phone formats', () => {
    for (const phone of ['+44 20 7946 0958', '+1-202-555-0143', '+49 (30) 1234567', '+493012345678', '0049 30 12345678', '(555) 123-4567', '555-123-4567', '555.123.4567', '020 7946 0958', '030 12345678']) {
      expect(maskLogLine(`call from ${phone} ended`), phone).toBe(`call from ${MASK.phone} ended`);
    }
  });

  it('leaves timestamps, IP addresses, versions, UUIDs and durations alone', () => {
    const lines = [
      '2024-06-10T12:34:56.789+02:00 INFO request done in 123 ms',
      '2024-06-10 12:34:56,789 client 10.244.1.17:53412 -> 192.168.100.200',
      'version 1.27.3 build 20240610 status 200 bytes 5123',
      'trace 3f2b9c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b span 00f067aa0ba902b7',
      'tz +0100 offset, retry 3 of 5, port 8080',
    ];
    for (const line of lines) expect(maskLogLine(line)).toBe(line);
  });

  it('masks everything in one line and cuts very long lines', () => {
    expect(maskLogLine('x@y.com paid with 4111-1111-1111-1111, phone +1 202 555 0143')).toBe(`${MASK.email} paid with ${MASK.card}, phone ${MASK.phone}`);
    const long = 'a'.repeat(MAX_LINE_LENGTH + 100);
    expect(maskLogLine(long).length).toBeLessThan(MAX_LINE_LENGTH + 20);
  });

  it('masks a whole text line by line', () => {
    expect(maskLogText('a@b.io\nok\n')).toBe(`${MASK.email}\nok\n`);
  });
});

describe('filterLogLines', () => {
  const lines = ['INFO start', 'ERROR db down', 'error: retry', 'CALL_END id=1 failed', 'CALL_END id=2 ok'];

  it('keeps matching lines, case-insensitively', () => {
    expect(filterLogLines(lines, 'ERROR').lines).toEqual(['ERROR db down', 'error: retry']);
    expect(filterLogLines(lines, 'ERROR|CALL_END.*failed').lines).toEqual(['ERROR db down', 'error: retry', 'CALL_END id=1 failed']);
  });

  it('keeps everything without a filter', () => {
    expect(filterLogLines(lines, undefined)).toEqual({ lines });
  });

  it('reports an invalid expression instead of throwing, leaving the lines unfiltered', () => {
    const result = filterLogLines(lines, 'ERROR(');
    expect(result.lines).toEqual(lines);
    expect(result.filterError).toMatch(/not a valid regular expression/);
  });
});
