import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PmsProbeResult } from '@/lib/pms/health-result';
import type { Store } from '@/lib/server/store/open-store';

/**
 * PMS probe results kept in the store (issue 18), so replicas share them: the replica holding the background
 * lease probes every interval and saves; every replica's panel reads the latest and the last hour from here.
 */
export type SharedPmsResults = {
  save(result: PmsProbeResult): Promise<void>;
  /** The newest result of `vendor`, if any. */
  latest(vendor: string): Promise<PmsProbeResult | undefined>;
  /** `vendor`'s results since `since`, oldest first. */
  since(vendor: string, since: number): Promise<PmsProbeResult[]>;
  /** Drops results older than `before`. */
  prune(before: number): Promise<void>;
};

export function storePmsResults(store: () => Promise<Store>): SharedPmsResults {
  const parse = (row: { result: string }) => JSON.parse(row.result) as PmsProbeResult;
  return {
    async save(result) {
      await (await store()).db.insertInto('pms_probes').values({ id: randomUUID(), vendor: result.vendor, checked_at: result.checkedAt, result: JSON.stringify(result) }).execute();
    },
    async latest(vendor) {
      const row = await (await store()).db.selectFrom('pms_probes').select('result').where('vendor', '=', vendor).orderBy('checked_at', 'desc').limit(1).executeTakeFirst();
      return row ? parse(row) : undefined;
    },
    async since(vendor, since) {
      return (await (await store()).db.selectFrom('pms_probes').select('result').where('vendor', '=', vendor).where('checked_at', '>=', since).orderBy('checked_at').execute()).map(parse);
    },
    async prune(before) {
      await (await store()).db.deleteFrom('pms_probes').where('checked_at', '<', before).execute();
    },
  };
}
