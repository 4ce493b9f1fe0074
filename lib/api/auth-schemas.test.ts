import { describe, expect, it } from 'vitest';
import { nextPathSchema } from './auth-schemas';

// Issue 12, point 7: `next` ends up in a Location header (the login page's redirect, the OIDC start and
// callback). A header may hold visible ASCII only: anything else must be percent-encoded (or refused)
// before it gets there, or Node throws "Invalid character in header content" and the page is a 500.
const isHeaderSafe = (value: string) => /^[\x21-\x7e]*$/.test(value);

describe('nextPathSchema (where to go after signing in)', () => {
  it('keeps an ordinary console path with its query', () => {
    expect(nextPathSchema.parse('/runbooks/redis?range=1h')).toBe('/runbooks/redis?range=1h');
    expect(nextPathSchema.parse('/')).toBe('/');
  });

  it.each([
    // Invisible format characters (zero-width space, bidi overrides) have no place in a console path.
    ['/\u200b/evil.example', '/'],
    ['/\u202e/seton', '/'],
    ['/runbooks/ré', '/runbooks/r%C3%A9'],
    ['/noc?rotate=２０', '/noc?rotate=%EF%BC%92%EF%BC%90'],
    ['/a\u0000b', '/'],
    ['/\u2028', '/'],
  ])('normalises %j to a header-safe console path (%s)', (raw, expected) => {
    const next = nextPathSchema.parse(raw);
    expect(next).toBe(expected);
    expect(isHeaderSafe(next)).toBe(true);
  });

  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example/', 'evil', '/\n/evil.example', `/${'a'.repeat(600)}`])('sends %j to / (not a path on this console)', (raw) => {
    expect(nextPathSchema.parse(raw)).toBe('/');
  });
});
