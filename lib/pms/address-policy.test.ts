import { describe, expect, it } from 'vitest';
import { checkAddress, classifyAddress, parseIPv6 } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.100.100.200', 'metadata'], // Alibaba Cloud's metadata service, inside the CGNAT range
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'metadata'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:0808:0808::1', 'public'],
    ['not-an-ip', 'invalid'],
    ['1.2.3', 'invalid'],
    ['256.1.1.1', 'invalid'],
    ['1::2::3', 'invalid'],
    ['12345::1', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s is %s', (ip, category) => {
    expect(classifyAddress(ip)).toBe(category);
  });

  it('parses IPv6 forms into eight groups', () => {
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x0102, 0x0304]);
    expect(parseIPv6('1.2.3.4')).toBeNull();
  });
});

describe('checkAddress', () => {
  it('allows public addresses only, by default', () => {
    expect(checkAddress('8.8.8.8', { allowPrivate: false }).allowed).toBe(true);
    for (const ip of ['127.0.0.1', '::1', '10.0.0.1', '192.168.0.1', 'fd12::1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '169.254.169.254']) {
      expect(checkAddress(ip, { allowPrivate: false }).allowed, ip).toBe(false);
    }
  });

  it('allows loopback and private networks when asked, never link-local, metadata, CGNAT or multicast', () => {
    for (const ip of ['127.0.0.1', '::1', '10.0.0.1', '172.20.0.1', '192.168.0.1', 'fd12::1']) {
      expect(checkAddress(ip, { allowPrivate: true }).allowed, ip).toBe(true);
    }
    for (const ip of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '169.254.10.10', 'fe80::1', '100.64.0.1', '0.0.0.0', '::', 'ff02::1', 'nonsense']) {
      expect(checkAddress(ip, { allowPrivate: true }).allowed, ip).toBe(false);
    }
  });

  it('names the address and why it is refused', () => {
    expect(checkAddress('169.254.169.254', { allowPrivate: true })).toEqual({
      allowed: false,
      category: 'metadata',
      reason: 'target address 169.254.169.254 is not allowed (cloud metadata service)',
    });
    expect(checkAddress('127.0.0.1', { allowPrivate: false })).toMatchObject({ reason: 'target address 127.0.0.1 is not allowed (loopback)' });
  });
});
