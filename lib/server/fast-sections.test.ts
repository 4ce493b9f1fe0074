import { describe, expect, it } from 'vitest';
import { pickEncoding, readCookie } from './fast-sections';

describe('the fast path reads the request as Next would, or leaves it to Next', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0', null],
    ['*', 'gzip'],
    ['BR', 'br'],
  ])('Accept-Encoding %j → %j', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });

  it.each([
    ['vh_session=abc', 'abc'],
    ['a=1; vh_session=abc; b=2', 'abc'],
    [undefined, undefined],
    ['other=1', undefined],
    // Repeated or percent-encoded: Next's own parsing decides (the route answers).
    ['vh_session=abc; vh_session=def', undefined],
    ['vh_session=a%62c', undefined],
    ['vh_session=', undefined],
  ])('cookie %j → %j', (header, expected) => {
    expect(readCookie(header, 'vh_session')).toBe(expected);
  });
});
