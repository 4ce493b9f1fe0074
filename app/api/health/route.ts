import { respondJson } from '@/lib/server/respond';

/**
 * Liveness, as before (scripts and tests poll it): the process answers. The same as /api/health/live;
 * readiness (store and catalog) is /api/health/ready. Upstream health is what the sections show, not this.
 */
export function GET() {
  return respondJson({ status: 'ok' });
}
