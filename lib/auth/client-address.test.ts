import { describe, expect, it } from 'vitest';
import { normalizeAddress, pickClientAddress, toThrottleClient } from './client-address';

// Issue 12, point 3 (and threat 11: what a client writes in a header is not believed).
describe('pickClientAddress', () => {
  it('with no trusted proxy, is the socket peer whatever X-Forwarded-For says', () => {
    expect(pickClientAddress({ peer: '192.0.2.10', forwardedFor: '6.6.6.6' }, 0)).toBe('192.0.2.10');
    expect(pickClientAddress({ peer: '192.0.2.10', forwardedFor: 'not-an-address' }, 0)).toBe('192.0.2.10');
    expect(pickClientAddress({ peer: '::ffff:127.0.0.1', forwardedFor: null }, 0)).toBe('127.0.0.1');
  });

  it('with n trusted proxies, is the entry n from the right (what the outermost one saw)', () => {
    expect(pickClientAddress({ peer: '10.0.0.2', forwardedFor: '6.6.6.6, 203.0.113.7' }, 1)).toBe('203.0.113.7');
    expect(pickClientAddress({ peer: '10.0.0.3', forwardedFor: '6.6.6.6, 203.0.113.7, 10.0.0.2' }, 2)).toBe('203.0.113.7');
    expect(pickClientAddress({ peer: '10.0.0.3', forwardedFor: '6.6.6.6,2001:DB8::7,10.0.0.2' }, 2)).toBe('2001:db8::7');
  });

  it('validates that entry as an IP address, and falls back to the peer when it is not one, or the chain is short', () => {
    for (const forwardedFor of ['6.6.6.6, <script>', '6.6.6.6, 999.1.1.1', '6.6.6.6, ', '6.6.6.6, 1.2.3.4:80', 'unknown']) {
      expect(pickClientAddress({ peer: '10.0.0.2', forwardedFor }, 1), forwardedFor).toBe('10.0.0.2');
    }
    expect(pickClientAddress({ peer: '10.0.0.2', forwardedFor: '203.0.113.7' }, 2)).toBe('10.0.0.2');
    expect(pickClientAddress({ peer: '10.0.0.2', forwardedFor: null }, 1)).toBe('10.0.0.2');
  });

  it('is null when nothing is known (no socket: a handler called in-process)', () => {
    expect(pickClientAddress({ peer: null, forwardedFor: '6.6.6.6' }, 0)).toBeNull();
    expect(pickClientAddress({ peer: undefined, forwardedFor: null }, 1)).toBeNull();
  });
});

describe('normalizeAddress and toThrottleClient', () => {
  it('accept IP addresses only', () => {
    expect(['1.2.3.4', '::1', 'FE80::1', '::ffff:10.0.0.1', 'x', '', '1.2.3', '1.2.3.4 '].map(normalizeAddress)).toEqual(['1.2.3.4', '::1', 'fe80::1', '10.0.0.1', null, null, null, '1.2.3.4']);
  });

  it('count an IPv6 /64 as one client, an IPv4 address as one', () => {
    expect(toThrottleClient('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(toThrottleClient('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(toThrottleClient('203.0.113.9')).toBe('203.0.113.9');
    expect(toThrottleClient(null)).toBeNull();
  });
});
