import { describe, expect, it } from 'vitest';
import { checkAddress } from './address-policy';

// Issue 12, point 9: every documented cloud metadata address is refused by the PMS probe, even where
// private targets are allowed (the demo's setting), and is named as a metadata service. One test per address;
// the sources are in lib/pms/metadata-addresses.ts.
const METADATA_ADDRESSES: [address: string, who: string][] = [
  ['169.254.169.254', 'AWS, GCP, Azure, Oracle, DigitalOcean, Hetzner, OpenStack, IBM Cloud, Huawei, Linode instance metadata'],
  ['169.254.170.2', 'AWS ECS task metadata and credentials'],
  ['169.254.170.23', 'AWS EKS Pod Identity agent'],
  ['169.254.0.23', 'Tencent Cloud metadata'],
  ['169.254.42.42', 'Scaleway metadata'],
  ['168.63.129.16', 'Azure WireServer (host agent, platform DNS)'],
  ['192.0.0.192', 'Oracle Cloud (Classic, Cloud@Customer) metadata'],
  ['100.100.100.200', 'Alibaba Cloud metadata'],
  ['fd00:ec2::254', 'AWS instance metadata over IPv6'],
  ['fd00:ec2::23', 'AWS EKS Pod Identity agent over IPv6'],
  ['fd00:ec2::253', 'AWS VPC DNS resolver over IPv6 (the fd00:ec2::/32 service block)'],
  ['fd20:ce::254', 'Google Compute Engine metadata over IPv6'],
  ['fd00:c1::a9fe:a9fe', 'Oracle Cloud Infrastructure metadata over IPv6'],
  ['fd00:a9fe:a9fe::1', 'Akamai (Linode) metadata over IPv6'],
  ['fd00:42::42', 'Scaleway metadata over IPv6'],
  ['::ffff:168.63.129.16', 'Azure WireServer, IPv4-mapped'],
  ['::ffff:192.0.0.192', 'Oracle Cloud metadata, IPv4-mapped'],
  ['64:ff9b::100.100.100.200', 'Alibaba Cloud metadata through NAT64'],
];

describe('threat 8 / issue 12 point 9: cloud metadata addresses are never probed', () => {
  for (const [address, who] of METADATA_ADDRESSES) {
    it(`${address} (${who}) is refused as a cloud metadata service, private targets allowed or not`, () => {
      for (const allowPrivate of [false, true]) {
        expect(checkAddress(address, { allowPrivate }), `allowPrivate=${allowPrivate}`).toEqual({
          allowed: false,
          category: 'metadata',
          reason: `target address ${address} is not allowed (cloud metadata service)`,
        });
      }
    });
  }

  it('a neighbour of a metadata address that is an ordinary public address stays allowed', () => {
    for (const address of ['168.63.129.17', '100.100.100.201', '192.0.1.192']) {
      expect(checkAddress(address, { allowPrivate: false }).allowed, address).toBe(address !== '100.100.100.201');
    }
  });
});
