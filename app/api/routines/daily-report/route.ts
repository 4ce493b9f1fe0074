import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { dailyReportQuerySchema } from '@/lib/api/routine-schemas';
import { authorize } from '@/lib/auth/request-auth';
import { renderDailyReportMarkdown } from '@/lib/routines/daily-report';
import { buildDailyReport } from '@/lib/server/routines/daily-report';
import { respondError, respondJson } from '@/lib/server/respond';

/** The evening review's daily report for a day (today in the routines' zone by default), as JSON or (format=md) Markdown. */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'routine.read');
    const query = dailyReportQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw fromZodError(query.error, 'query');
    const report = await buildDailyReport(store, query.data.date);
    if (query.data.format !== 'md') return respondJson(report);
    return new Response(renderDailyReportMarkdown(report), { headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="daily-report-${report.day}.md"`, 'cache-control': 'no-store' } });
  } catch (error) {
    return respondError(error);
  }
}
