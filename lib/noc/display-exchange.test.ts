import { describe, expect, it } from 'vitest';
import { countRetrySeconds, decideExchangeStep } from './display-exchange';

describe('decideExchangeStep', () => {
  it('goes to the wall once the token is accepted, and to the revoked page for a revoked token', () => {
    expect(decideExchangeStep({ kind: 'http', status: 200 }, '/noc?rotate=20')).toEqual({ kind: 'go', to: '/noc?rotate=20' });
    expect(decideExchangeStep({ kind: 'http', status: 204 }, '/')).toEqual({ kind: 'go', to: '/' });
    expect(decideExchangeStep({ kind: 'http', status: 401, code: 'token-revoked', message: 'revoked' }, '/noc')).toEqual({ kind: 'go', to: '/display/revoked' });
  });

  it('tries again when the console does not answer or answers with a server error (a TV up before its network)', () => {
    expect(decideExchangeStep({ kind: 'no-answer' }, '/noc')).toEqual({ kind: 'retry', reason: 'no answer' });
    for (const status of [500, 502, 503, 504]) expect(decideExchangeStep({ kind: 'http', status }, '/noc')).toEqual({ kind: 'retry', reason: `HTTP ${status}` });
  });

  it('stops on any 4xx: the same token gets the same answer', () => {
    expect(decideExchangeStep({ kind: 'http', status: 401, code: 'unauthenticated', message: 'This display token is not valid.' }, '/noc')).toEqual({ kind: 'fail', message: 'This display token is not valid.' });
    expect(decideExchangeStep({ kind: 'http', status: 403 }, '/noc')).toEqual({ kind: 'fail', message: 'The console refused this display (HTTP 403).' });
    for (const status of [400, 404, 422, 429]) expect(decideExchangeStep({ kind: 'http', status }, '/noc').kind, String(status)).toBe('fail');
  });
});

describe('countRetrySeconds', () => {
  it('counts down in whole seconds, rounding up, and never shows 0 while waiting', () => {
    expect(countRetrySeconds(10_000, 0)).toBe(10);
    expect(countRetrySeconds(10_000, 1)).toBe(10);
    expect(countRetrySeconds(10_000, 9_001)).toBe(1);
    expect(countRetrySeconds(10_000, 12_000)).toBe(1);
  });
});
