// Which network addresses the PMS health prober may connect to. Pure: no DNS, no sockets.
//
// The prober resolves a configured hostname itself, checks every address here, and then connects
// to the checked address only (see lib/server/pms/probe.ts), so a name cannot be re-pointed between
// the check and the connection (DNS rebinding).
import { isMetadataIPv4, isMetadataIPv6 } from './metadata-addresses';

export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'cgnat'
  | 'reserved'
  | 'invalid';

export type AddressVerdict = { allowed: true; category: AddressCategory } | { allowed: false; category: AddressCategory; reason: string };

/** Four octets, or null when `text` is not a dotted-quad IPv4 address. */
export function parseIPv4(text: string): [number, number, number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : NaN));
  if (octets.some((o) => !(o >= 0 && o <= 255))) return null;
  return octets as [number, number, number, number];
}

/** Eight 16-bit groups, or null when `text` is not an IPv6 address (brackets and a %zone are accepted). */
export function parseIPv6(text: string): number[] | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((g) => Number.isNaN(g))) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  }
  return explicit === 8 ? head : null;
}

function classifyIPv4([a, b, c, d]: [number, number, number, number]): AddressCategory {
  if (isMetadataIPv4([a, b, c, d])) return 'metadata';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 0) return 'unspecified';
  if (a === 100 && b >= 64 && b <= 127) return 'cgnat';
  // 192.0.0.0/24: IETF protocol assignments (RFC 6890), not a place a vendor's health endpoint lives.
  if (a === 192 && b === 0 && c === 0) return 'reserved';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return 'public';
}

function embeddedIPv4(g: number[], from: number): [number, number, number, number] {
  return [g[from]! >> 8, g[from]! & 0xff, g[from + 1]! >> 8, g[from + 1]! & 0xff];
}

function classifyIPv6(g: number[]): AddressCategory {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
  // (2002:aabb:ccdd::) carry an IPv4 address that may be where the packets end up: judge that one.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyIPv4(embeddedIPv4(g, 6));
  if (zeroUpTo(6)) return classifyIPv4(embeddedIPv4(g, 6));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyIPv4(embeddedIPv4(g, 6));
  if (g[0] === 0x2002) return classifyIPv4(embeddedIPv4(g, 1));
  // Before the private check: several metadata services live in fd00::/8 (see metadata-addresses.ts).
  if (isMetadataIPv6(g)) return 'metadata';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'private';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** What kind of address `ip` is (IPv4 or IPv6 text); `invalid` when it is neither. */
export function classifyAddress(ip: string): AddressCategory {
  const v4 = parseIPv4(ip);
  if (v4) return classifyIPv4(v4);
  const v6 = parseIPv6(ip);
  if (v6) return classifyIPv6(v6);
  return 'invalid';
}

const LABELS: Record<AddressCategory, string> = {
  public: 'public',
  loopback: 'loopback',
  private: 'private network',
  'link-local': 'link-local',
  metadata: 'cloud metadata service',
  unspecified: 'unspecified',
  multicast: 'multicast',
  cgnat: 'carrier-grade NAT',
  reserved: 'reserved',
  invalid: 'not an IP address',
};

/**
 * May the prober connect to `ip`? Public addresses yes; loopback and private networks only when
 * `allowPrivate` (the demo and tests, whose simulator is on loopback); link-local, the metadata
 * service, unspecified, multicast, CGNAT and reserved addresses never.
 */
export function checkAddress(ip: string, options: { allowPrivate: boolean }): AddressVerdict {
  const category = classifyAddress(ip);
  if (category === 'public') return { allowed: true, category };
  if (options.allowPrivate && (category === 'loopback' || category === 'private')) return { allowed: true, category };
  return { allowed: false, category, reason: `target address ${ip} is not allowed (${LABELS[category]})` };
}
