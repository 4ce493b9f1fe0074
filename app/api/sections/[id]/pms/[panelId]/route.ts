import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { getPmsPanelReport } from '@/lib/server/pms/panel-report';
import { respondError, respondJson } from '@/lib/server/respond';
import { findCatalogSectionPanel } from '@/lib/server/workloads/find-panel';

/**
 * A PMS vendors panel live: every configured vendor's health probe (one probe per vendor per interval,
 * whoever asks), its call outcomes and latency, the connector's breaker and its rate-limit key. The
 * vendors, URLs, queries and keys come from configuration and the catalog: the request names ids only.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    await authorize(request, 'section.read');
    const { section, panel } = findCatalogSectionPanel(await params, 'pms-vendors');
    return respondJson({ generatedAt: Date.now(), ...(await getPmsPanelReport(section, panel)) });
  } catch (error) {
    return respondError(error);
  }
}
