import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { findCatalogPanel } from '@/lib/server/workloads/find-panel';
import { getWorkloads } from '@/lib/server/workloads/workloads-service';

/** A workloads panel live: deployments, pods, warnings and usage for the catalog's namespace and selector. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    await authorize(request, 'section.read');
    const panel = findCatalogPanel(await params, 'workloads');
    return respondJson(await getWorkloads(panel));
  } catch (error) {
    // A Kubernetes failure keeps its status and message (respondError → toApiError): the panel shows it.
    return respondError(error);
  }
}
