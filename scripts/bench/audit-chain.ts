// The audit chain's costs, on both engines: appends per second (each takes the write lock and reads
// the head) and how long a full verify takes (what `ops audit verify` and the /audit page pay).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAudit, verifyAuditLog } from '../../lib/audit/log';
import { openStore, type StoreConfig } from '../../lib/server/store/open-store';
import { startPostgres } from '../stack/postgres';

const records = Number(process.env.BENCH_AUDIT_RECORDS ?? 5000);

async function measure(name: string, config: StoreConfig): Promise<void> {
  const store = await openStore(config);
  try {
    const t0 = performance.now();
    // Eight writers at once, as concurrent requests would be: the lock serialises them.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < records; i += 8) await recordAudit(store, { actor: `bench-${w}`, action: 'bench.append', target: String(i), outcome: 'success', detail: { i } });
      }),
    );
    const appendMs = performance.now() - t0;
    const t1 = performance.now();
    const { problems } = await verifyAuditLog(store.db);
    const verifyMs = performance.now() - t1;
    console.log(`  ${name.padEnd(10)} ${(records / (appendMs / 1000)).toFixed(0)} appends/s (8 concurrent writers); full verify of ${records} records in ${verifyMs.toFixed(0)} ms (${problems.length} problems)`);
  } finally {
    await store.close();
  }
}

export async function measureAuditChain(logDir: string): Promise<void> {
  console.log(`audit chain (${records} records):`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-bench-audit-'));
  await measure('SQLite', { sqlitePath: path.join(dir, 'store.sqlite') });
  const postgres = await startPostgres({ logDir });
  try {
    await measure('PostgreSQL', { databaseUrl: postgres.url, sqlitePath: '' });
  } finally {
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
