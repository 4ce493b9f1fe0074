// The client's address, for throttling and the audit log.
//
// With TRUSTED_PROXY_HOPS = 0 (nothing in front of the console) it is the TCP peer, as the server's socket
// saw it: nothing a client writes in a header is believed. With n trusted proxies that each append the
// address they saw to X-Forwarded-For, the entry n from the right is the one the outermost trusted proxy
// wrote: the client as the edge of our network saw it. Entries further left were written by the client
// and are ignored. An entry that is not an IP address is ignored too (then the peer is used).
import { isIP } from 'node:net';
import { parseIPv6 } from '@/lib/pms/address-policy';

/** `text` as a canonical IP address (IPv4-mapped IPv6 as IPv4, IPv6 in lower case), or null when it is not one. */
export function normalizeAddress(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  const version = isIP(trimmed);
  if (version === 4) return trimmed;
  if (version !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

export type AddressSource = { peer: string | null | undefined; forwardedFor: string | null | undefined };

export function pickClientAddress({ peer, forwardedFor }: AddressSource, trustedProxyHops: number): string | null {
  const fromSocket = normalizeAddress(peer);
  if (trustedProxyHops === 0 || !forwardedFor) return fromSocket;
  const hops = forwardedFor.split(',').map((part) => part.trim());
  if (hops.length < trustedProxyHops) return fromSocket; // it did not come through every proxy
  return normalizeAddress(hops[hops.length - trustedProxyHops]) ?? fromSocket;
}

/**
 * Who counts as one client for the sign-in throttle: an IPv4 address, or an IPv6 /64 (one customer's
 * network: whoever holds one address of it can use all 2^64, so per address would not slow anyone down).
 */
export function toThrottleClient(address: string | null): string | null {
  if (!address) return null;
  const groups = isIP(address) === 6 ? parseIPv6(address) : null;
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64` : address;
}
