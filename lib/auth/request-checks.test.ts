import { describe, expect, it } from 'vitest';
import { checkSameOrigin } from './same-origin';

const console = ['http://127.0.0.1:3000'];

describe('checkSameOrigin', () => {
  it('lets reads through whatever their origin', () => {
    expect(checkSameOrigin({ method: 'GET', origin: 'https://evil.example', secFetchSite: 'cross-site' }, console)).toBeNull();
  });

  it('accepts a write from the console itself', () => {
    expect(checkSameOrigin({ method: 'POST', origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin' }, console)).toBeNull();
    expect(checkSameOrigin({ method: 'DELETE', origin: 'http://127.0.0.1:3000', secFetchSite: null }, console)).toBeNull();
  });

  it.each([
    ['another site', { origin: 'https://evil.example', secFetchSite: 'cross-site' }, /cross-site/],
    ['a same-site sibling host', { origin: 'http://127.0.0.1:3001', secFetchSite: 'same-site' }, /same-site/],
    ['no Origin', { origin: null, secFetchSite: null }, /no Origin/],
    ['Origin: null', { origin: 'null', secFetchSite: null }, /null/],
    ['a foreign Origin without Sec-Fetch-Site', { origin: 'https://evil.example', secFetchSite: null }, /not this console/],
  ])('refuses a write from %s', (_name, request, reason) => {
    expect(checkSameOrigin({ method: 'POST', ...request }, console)).toMatch(reason);
  });
});
