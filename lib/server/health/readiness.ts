import 'server-only';
import { sql } from 'kysely';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { isShuttingDown } from '@/lib/server/shutdown';
import { getStore } from '@/lib/server/store/store';

/**
 * Readiness (Kubernetes sends traffic only to a ready replica): the store answers and the catalog is loaded.
 * Upstreams (Prometheus, Kubernetes, the PMS) are NOT checked: when they are down the console must stay in
 * service to show that they are. The answer is public, so it names what failed and never why (no host,
 * address or driver message); the cause goes to the server log.
 */
export type Readiness = { ready: boolean; status: 'ready' | 'not-ready' | 'shutting-down'; checks: { store: string; catalog: string } };

/** How long the store may take to answer a trivial query before the replica is not ready. */
const STORE_TIMEOUT_MS = 3_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function checkStore(): Promise<string> {
  const engine = getEnv().DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = (async () => {
      const store = await getStore();
      await sql`select 1`.execute(store.db);
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
    });
    await Promise.race([answered, timeout]);
    return 'ok';
  } catch (error) {
    console.error(`[health] not ready: the store (${engine}) does not answer: ${messageOf(error)}`);
    return `the store (${engine}) does not answer`;
  } finally {
    clearTimeout(timer);
  }
}

function checkCatalog(): string {
  try {
    return getCatalog().sections.length > 0 ? 'ok' : 'the catalog has no sections';
  } catch (error) {
    console.error(`[health] not ready: the catalog cannot be loaded: ${messageOf(error)}`);
    return 'the catalog cannot be loaded';
  }
}

export async function checkReadiness(): Promise<Readiness> {
  // A replica shutting down stops taking traffic first, while it finishes what it runs.
  if (isShuttingDown()) return { ready: false, status: 'shutting-down', checks: { store: 'not checked', catalog: 'not checked' } };
  const checks = { catalog: checkCatalog(), store: await checkStore() };
  const ready = checks.store === 'ok' && checks.catalog === 'ok';
  return { ready, status: ready ? 'ready' : 'not-ready', checks };
}
