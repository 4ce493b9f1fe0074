import type { NextRequest } from 'next/server';
import { recordLogRead } from '@/lib/audit/log-read';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { findCatalogSectionPanel } from '@/lib/server/workloads/find-panel';
import { getLogTail } from '@/lib/server/workloads/logs-service';

/** A log panel live: the masked, filtered tail of the pods the catalog's selector matches. Operators and above; recorded. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    // Before anything else: a role without logs.read learns nothing, not even whether the panel exists.
    const authorized = await authorize(request, 'logs.read');
    const { section, panel } = findCatalogSectionPanel(await params, 'logs');
    const tail = await getLogTail(panel);
    await recordLogRead(authorized.store, authorized.actor, `${section.id}/${panel.id}`, tail);
    return respondJson(tail);
  } catch (error) {
    return respondError(error);
  }
}
