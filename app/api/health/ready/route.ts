import { checkReadiness } from '@/lib/server/health/readiness';
import { respondJson } from '@/lib/server/respond';

/** Readiness: the store answers and the catalog is loaded (upstreams down is not "not ready"). Public; says what failed, never why. */
export async function GET() {
  const readiness = await checkReadiness();
  return respondJson({ status: readiness.status, checks: readiness.checks }, readiness.ready ? 200 : 503);
}
