import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { listConsoleAlerts } from '@/lib/server/alerts-service';
import { respondError, respondJson } from '@/lib/server/respond';

/**
 * Active alerts (Alertmanager, or Prometheus without one) with their sections and acknowledgements. A NOC
 * display may read them: the wall shows them on its tiles. A failed read is an error, never "no alerts".
 */
export async function GET(request: NextRequest) {
  try {
    const { principal } = await authorize(request, 'status.read');
    return respondJson(await listConsoleAlerts(principal.role === 'display'));
  } catch (error) {
    return respondError(error);
  }
}
