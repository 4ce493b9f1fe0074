import { respondJson } from '@/lib/server/respond';

/** Liveness: the process answers. No dependency is checked (a store or upstream outage must not restart the console). */
export function GET() {
  return respondJson({ status: 'ok' });
}
