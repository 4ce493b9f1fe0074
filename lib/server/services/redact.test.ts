import { describe, expect, it } from 'vitest';
import { redactSecrets, redactText } from './redact';

describe('redactSecrets', () => {
  it('masks credential fields at any depth and keeps the fields that only describe them', () => {
    expect(redactSecrets({ vendor: 'mews', token: 'abc123', tokenState: 'valid', expiresAt: '2026-01-01', nested: [{ apiKey: 'k', client_secret: 's', name: 'x' }] })).toEqual({
      vendor: 'mews',
      token: '***',
      tokenState: 'valid',
      expiresAt: '2026-01-01',
      nested: [{ apiKey: '***', client_secret: '***', name: 'x' }],
    });
  });

  it('masks bearer tokens and JWTs in text', () => {
    expect(redactText('upstream said: Authorization: Bearer abcdefgh12345678 refused')).toBe('upstream said: Authorization: Bearer *** refused');
    expect(redactText('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end')).toBe('jwt *** end');
  });
});
