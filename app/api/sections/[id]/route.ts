import type { NextRequest } from 'next/server';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { sectionIdSchema } from '@/lib/api/schemas';
import type { SectionResponse } from '@/lib/api/types';
import { authorize } from '@/lib/auth/request-auth';
import { getCatalog } from '@/lib/server/catalog';
import { evaluateSection } from '@/lib/server/section-status-service';
import { respondError, respondJson } from '@/lib/server/respond';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    await authorize(request, 'status.read');
    const parsed = sectionIdSchema.safeParse((await params).id);
    if (!parsed.success) throw fromZodError(parsed.error, 'id');
    const section = getCatalog().byId.get(parsed.data);
    if (!section) throw new ApiError('not-found', `id: no runbook section "${parsed.data}"`, 'id');
    const body: SectionResponse = { generatedAt: Date.now(), status: await evaluateSection(section) };
    return respondJson(body);
  } catch (error) {
    return respondError(error);
  }
}
