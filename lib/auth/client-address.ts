/**
 * The client's address, for throttling and the audit log. `next start` fills X-Forwarded-For with the
 * socket's address only when the request has none, so the right-most entry is what the nearest hop
 * saw: the client itself with no proxy, or the client as seen by a trusted proxy that appends.
 * With TRUSTED_PROXY_HOPS = n > 1, the entry n from the right is the one the outermost trusted proxy saw.
 * A client talking straight to the console can write this header itself: per-account lockout does not
 * depend on it; per-address throttling is only as good as the proxy in front (see README).
 */
export function getClientAddress(forwardedFor: string | null, trustedProxyHops: number): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor.split(',').map((part) => part.trim()).filter(Boolean);
  const address = hops[hops.length - Math.max(trustedProxyHops, 1)] ?? hops[0];
  return address ? address.slice(0, 64) : null;
}
