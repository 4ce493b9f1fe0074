import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { getPmsPanelSnapshot } from '@/lib/server/panel-snapshots';
import { respondError } from '@/lib/server/respond';
import { respondSnapshot } from '@/lib/server/snapshot';
import { findCatalogSectionPanel } from '@/lib/server/workloads/find-panel';

/**
 * A PMS vendors panel live: every configured vendor's health probe (one probe per vendor per interval,
 * whoever asks), its call outcomes and latency, the connector's breaker and its rate-limit key. The
 * vendors, URLs, queries and keys come from configuration and the catalog: the request names ids only.
 * Served from the panel's snapshot, refreshed once per interval while viewed (lib/server/panel-snapshots.ts).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    await authorize(request, 'section.read');
    const { section, panel } = findCatalogSectionPanel(await params, 'pms-vendors');
    return respondSnapshot(await getPmsPanelSnapshot(section, panel), request.headers.get('if-none-match'));
  } catch (error) {
    return respondError(error);
  }
}
