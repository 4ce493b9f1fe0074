import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { findCatalogPanel } from '@/lib/server/workloads/find-panel';
import { getLogTail } from '@/lib/server/workloads/logs-service';

/** A log panel live: the masked, filtered tail of the pods the catalog's selector matches. Operators and above. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    // Before anything else: a role without logs.read learns nothing, not even whether the panel exists.
    await authorize(request, 'logs.read');
    const panel = findCatalogPanel(await params, 'logs');
    return respondJson(await getLogTail(panel));
  } catch (error) {
    return respondError(error);
  }
}
