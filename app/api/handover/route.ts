import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { buildHandover, renderHandoverMarkdown } from '@/lib/server/incidents/handover';

/** The handover for the next on-call engineer, as JSON or (format=md) a Markdown download. People only. */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'section.read');
    const handover = await buildHandover(store);
    if (request.nextUrl.searchParams.get('format') !== 'md') return respondJson(handover);
    return new Response(renderHandoverMarkdown(handover), { headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="handover-${new Date(handover.generatedAt).toISOString().slice(0, 16).replace(':', '')}.md"`, 'cache-control': 'no-store' } });
  } catch (error) {
    return respondError(error);
  }
}
