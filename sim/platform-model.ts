import { Counter, Gauge } from 'prom-client';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { createWander } from './random';
import { backupStores, filesystems, NAMESPACE, piiSources, tlsProbes, type BackupStore } from './topology';

const namespace = NAMESPACE;
const PEAK_DNS_QUERIES = 400;
/** How often each store's backup job succeeds: the age of the last success stays under this. */
const backupPeriodSeconds: Record<BackupStore, number> = { postgres: 900, redis: 600, recordings: 900 };
const RETENTION_PERIOD_SECONDS = 3600;

/** Nodes, DNS, backups and compliance: the estate around the services. */
export function createPlatformModel({ registry, random, nowMs }: ModelDeps): EstateModel {
  const registers = [registry];
  const avail = new Gauge({ name: 'node_filesystem_avail_bytes', help: 'Filesystem space available to non-root users.', labelNames: ['instance', 'mountpoint'] as const, registers });
  const size = new Gauge({ name: 'node_filesystem_size_bytes', help: 'Filesystem size.', labelNames: ['instance', 'mountpoint'] as const, registers });
  const dns = new Counter({ name: 'coredns_dns_responses_total', help: 'DNS responses by rcode.', labelNames: ['rcode'] as const, registers });
  const backup = new Gauge({ name: 'voicehive_backup_last_success_timestamp_seconds', help: 'Last successful backup.', labelNames: ['namespace', 'store'] as const, registers });
  const retention = new Gauge({ name: 'voicehive_retention_job_last_success_timestamp_seconds', help: 'Last successful data-retention run.', labelNames: ['namespace'] as const, registers });
  const gdpr = new Counter({ name: 'voicehive_gdpr_region_violations_total', help: 'Non-EU region access detected.', labelNames: ['namespace'] as const, registers });
  const pii = new Counter({ name: 'voicehive_pii_detections_total', help: 'PII found in logs.', labelNames: ['namespace', 'source'] as const, registers });
  // The blackbox exporter's certificate expiry per probed endpoint (issue 19), as epoch seconds; fixed from the start.
  const certExpiry = new Gauge({ name: 'probe_ssl_earliest_cert_expiry', help: 'Returns last SSL chain expiry in unixtime.', labelNames: ['instance', 'job'] as const, registers });
  for (const probe of tlsProbes) certExpiry.set({ instance: probe.instance, job: 'blackbox' }, Math.floor(nowMs / 1000 + probe.daysLeft * 86_400));

  const disks = filesystems.map((fs) => {
    const initial = random.between(0.5, 0.65);
    return { fs, target: initial, free: createWander(random, { initial, min: 0.45, max: 0.7, pull: 0.01, noise: 0.0005 }) };
  });
  const dnsCodes = (servfail: number): [string, number][] => [['NOERROR', 1 - 0.02 - 0.0002 - servfail], ['NXDOMAIN', 0.02], ['SERVFAIL', servfail], ['REFUSED', 0.0002]];
  const nowSeconds = nowMs / 1000;
  const lastBackup = Object.fromEntries(backupStores.map((store) => [store, nowSeconds - random.between(0, backupPeriodSeconds[store])])) as Record<BackupStore, number>;
  let lastRetention = nowSeconds - random.between(0, RETENTION_PERIOD_SECONDS * 0.8);

  for (const [rcode] of dnsCodes(0)) dns.inc({ rcode }, 0);
  gdpr.inc({ namespace }, 0);
  for (const source of piiSources) pii.inc({ namespace, source }, 0);

  const tickBackups = (now: number, sinceSeconds: number, stale: Partial<Record<BackupStore, number>>) => {
    for (const store of backupStores) {
      const staleAge = stale[store];
      // A stopped job's timestamp stands still, so its age keeps growing from the switch on.
      if (staleAge !== undefined) lastBackup[store] = sinceSeconds - staleAge;
      else if (now - lastBackup[store] >= backupPeriodSeconds[store]) lastBackup[store] = now;
      backup.set({ namespace, store }, Math.floor(lastBackup[store]));
    }
    if (now - lastRetention >= RETENTION_PERIOD_SECONDS) lastRetention = now;
    retention.set({ namespace }, Math.floor(lastRetention));
  };

  return {
    tick({ dt, nowMs: now, sinceMs, shape, conditions: c, count }: TickContext) {
      for (const { fs, target, free } of disks) {
        const low = c.lowDisk && c.lowDisk.instance === fs.instance && c.lowDisk.mountpoint === fs.mountpoint ? c.lowDisk.freeRatio : null;
        const ratio = low === null ? free.step(target, dt) : low + random.between(-0.004, 0.004);
        size.set({ instance: fs.instance, mountpoint: fs.mountpoint }, fs.sizeBytes);
        avail.set({ instance: fs.instance, mountpoint: fs.mountpoint }, Math.round((fs.sizeBytes * ratio) / 4096) * 4096);
      }
      const queries = PEAK_DNS_QUERIES * (0.5 + 0.5 * shape) * dt;
      for (const [rcode, share] of dnsCodes(c.dnsServfailRatio)) dns.inc({ rcode }, count(`dns-${rcode}`, queries * share));
      tickBackups(now / 1000, sinceMs / 1000, c.staleBackups);
      gdpr.inc({ namespace }, count('gdpr', c.gdprViolationsPerSecond * dt));
      const detections = count('pii', c.piiDetectionsPerSecond * dt);
      for (let i = 0; i < detections; i++) pii.inc({ namespace, source: random.pickWeighted(piiSources.map((s) => [s, 1] as const)) });
    },
  };
}
