import { NextResponse, type NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { auditQuerySchema } from '@/lib/api/audit-schemas';
import { authorize } from '@/lib/auth/request-auth';
import { auditExportFilename, toAuditCsv, toAuditJson } from '@/lib/audit/csv';
import { recordAudit } from '@/lib/audit/log';
import { describeAuditFilters, queryAuditLog } from '@/lib/audit/query';
import { respondError, respondJson } from '@/lib/server/respond';

/**
 * The audit log, filtered, newest first: JSON for the page and scripts, or a CSV/JSON download.
 * A download is itself audited (`audit.export`, after the read, so it is not in its own file).
 */
export async function GET(request: NextRequest) {
  try {
    const { store, actor } = await authorize(request, 'audit.read');
    const parsed = auditQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) throw fromZodError(parsed.error, 'query');
    const { format, download, ...filters } = parsed.data;

    const page = await queryAuditLog(store.db, filters);
    const isDownload = format === 'csv' || download === '1';
    if (isDownload) {
      await recordAudit(store, { ...actor, action: 'audit.export', target: 'audit-log', outcome: 'success', detail: { format, filters: describeAuditFilters(filters), count: page.entries.length } });
    }

    const now = Date.now();
    const body = { generatedAt: now, filters: describeAuditFilters(filters), records: toAuditJson(page.entries), nextBefore: page.nextBefore };
    if (!isDownload) return respondJson(body);
    const headers = {
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="${auditExportFilename(format, now)}"`,
      'x-content-type-options': 'nosniff',
    };
    if (format === 'csv') return new NextResponse(toAuditCsv(page.entries), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
    return NextResponse.json(body, { headers });
  } catch (error) {
    return respondError(error);
  }
}
