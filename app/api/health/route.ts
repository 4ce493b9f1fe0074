import { respondJson } from '@/lib/server/respond';

/** Liveness: the process answers. Upstream health is what the sections show, not this. */
export function GET() {
  return respondJson({ status: 'ok' });
}
