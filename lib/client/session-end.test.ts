import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from './api';
import { getSessionEndRedirect } from './session-end';

describe('getSessionEndRedirect', () => {
  it('sends a person whose session ended to sign in, and back after', () => {
    expect(getSessionEndRedirect(new ConsoleApiError(401, 'Sign in', 'unauthenticated'), '/runbooks/redis')).toBe('/login?next=%2Frunbooks%2Fredis');
  });

  it('tells a display that its token was revoked instead of showing a login form', () => {
    expect(getSessionEndRedirect(new ConsoleApiError(401, 'revoked', 'token-revoked'), '/')).toBe('/display/revoked');
  });

  it('tells a display whose session ended unused to open its link again, not to sign in', () => {
    expect(getSessionEndRedirect(new ConsoleApiError(401, 'ended', 'display-expired'), '/noc')).toBe('/display/revoked?reason=expired');
  });

  it('leaves other failures to the page (403, 5xx, no answer)', () => {
    expect(getSessionEndRedirect(new ConsoleApiError(403, 'no', 'forbidden'), '/')).toBeNull();
    expect(getSessionEndRedirect(new ConsoleApiError(502, 'down', 'upstream'), '/')).toBeNull();
    expect(getSessionEndRedirect(new ConsoleApiError(null, 'offline'), '/')).toBeNull();
  });
});
