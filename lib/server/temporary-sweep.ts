import 'server-only';
import { getExecutor } from '@/lib/actions/executors';
import type { TemporaryDeps } from '@/lib/actions/temporary';
import { getCatalog } from '@/lib/server/catalog';

/**
 * The catalog and executors the server sets temporary changes back with: the background worker's job (when their
 * time runs out, on the replica holding the background lease) and the route a person ends one early with.
 */
export function temporaryDeps(): TemporaryDeps {
  return { sections: getCatalog().byId, executorFor: getExecutor };
}
