// Cloud instance metadata and platform-agent addresses: whoever reaches one from a console pod can read
// the node's credentials (Capital One 2019, Tesla 2018). The PMS prober refuses every one of them, even
// where loopback and private networks are allowed. Several sit outside link-local, so the generic
// categories would call them public (168.63.129.16, 192.0.0.192) or private (the fd00:… IPv6 ones).
//
// Sources, as documented by each provider:
// - 169.254.169.254: AWS EC2 IMDS (docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html),
//   Google Compute Engine (cloud.google.com/compute/docs/metadata/querying-metadata), Azure IMDS
//   (learn.microsoft.com/azure/virtual-machines/instance-metadata-service), Oracle OCI
//   (docs.oracle.com/iaas/Content/Compute/Tasks/gettingmetadata.htm), DigitalOcean, Hetzner, OpenStack,
//   IBM Cloud VPC, Huawei Cloud, Akamai/Linode. Also inside 169.254.0.0/16 (link-local), refused anyway.
// - 169.254.170.2: Amazon ECS task metadata and credentials endpoint (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
// - 169.254.170.23 and fd00:ec2::23: Amazon EKS Pod Identity agent (docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
// - 169.254.0.23: Tencent Cloud CVM instance metadata (metadata.tencentyun.com; Tencent Cloud docs, "Querying Instance Metadata").
// - 169.254.42.42 and fd00:42::42: Scaleway instance metadata API (Scaleway Instances docs; scaleway-ecosystem's metadata client).
// - 168.63.129.16: Azure WireServer, the host agent and platform DNS virtual IP
//   (learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
// - 192.0.0.192: Oracle Cloud (Classic, Cloud@Customer) instance metadata
//   (docs.oracle.com/en/cloud/cloud-at-customer/occ-get-started/retrieve-predefined-instance-metadata.html).
// - 100.100.100.200: Alibaba Cloud ECS instance metadata (Alibaba Cloud ECS docs, "Obtain instance metadata").
// - fd00:ec2::/32: the AWS IPv6 service block: IMDS fd00:ec2::254, DNS ::253, time sync ::123, EKS Pod Identity ::23
//   (docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html, …/set-time.html).
// - fd20:ce::254: Google Compute Engine metadata on IPv6-only instances (cloud.google.com/compute/docs/metadata/querying-metadata).
// - fd00:c1::a9fe:a9fe: Oracle OCI IMDS over IPv6 (used by the OCI SDKs' instance-principal signer).
// - fd00:a9fe:a9fe::1: Akamai (Linode) metadata service over IPv6 (techdocs.akamai.com/cloud-computing/docs/overview-of-the-metadata-service).
// The fe80::/10 forms (OpenStack's fe80::a9fe:a9fe) are link-local and refused as such.

type Prefix = { groups: number[]; bits: number; who: string };

/** IPv4 metadata addresses, as exact dotted quads. */
export const METADATA_IPV4: ReadonlyMap<string, string> = new Map([
  ['169.254.169.254', 'instance metadata (AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack …)'],
  ['169.254.170.2', 'Amazon ECS task credentials'],
  ['169.254.170.23', 'Amazon EKS Pod Identity agent'],
  ['169.254.0.23', 'Tencent Cloud metadata'],
  ['169.254.42.42', 'Scaleway metadata'],
  ['168.63.129.16', 'Azure WireServer'],
  ['192.0.0.192', 'Oracle Cloud metadata'],
  ['100.100.100.200', 'Alibaba Cloud metadata'],
]);

/** IPv6 metadata prefixes (a /128 is one address), as eight 16-bit groups. */
const METADATA_IPV6: Prefix[] = [
  { groups: [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0], bits: 32, who: 'AWS IPv6 instance services' },
  { groups: [0xfd20, 0x00ce, 0, 0, 0, 0, 0, 0x0254], bits: 128, who: 'Google Compute Engine metadata' },
  { groups: [0xfd00, 0x00c1, 0, 0, 0, 0, 0xa9fe, 0xa9fe], bits: 128, who: 'Oracle Cloud metadata' },
  { groups: [0xfd00, 0xa9fe, 0xa9fe, 0, 0, 0, 0, 1], bits: 128, who: 'Akamai (Linode) metadata' },
  { groups: [0xfd00, 0x0042, 0, 0, 0, 0, 0, 0x0042], bits: 128, who: 'Scaleway metadata' },
];

export function isMetadataIPv4(octets: readonly number[]): boolean {
  return METADATA_IPV4.has(octets.join('.'));
}

export function isMetadataIPv6(groups: readonly number[]): boolean {
  return METADATA_IPV6.some(({ groups: prefix, bits }) =>
    prefix.every((group, i) => {
      const covered = Math.max(0, Math.min(16, bits - i * 16));
      if (covered === 0) return true;
      const mask = (0xffff << (16 - covered)) & 0xffff;
      return ((groups[i] ?? 0) & mask) === (group & mask);
    }),
  );
}
