import type { NextRequest } from 'next/server';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { sectionIdSchema } from '@/lib/api/schemas';
import { authorize } from '@/lib/auth/request-auth';
import { getCatalog } from '@/lib/server/catalog';
import { respondError } from '@/lib/server/respond';
import { getSectionSnapshot } from '@/lib/server/section-snapshots';
import { respondSnapshot } from '@/lib/server/snapshot';

/** One section's status, from the overview's shared snapshot (ETag, 304, and its age in x-snapshot-age-ms). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    await authorize(request, 'status.read');
    const parsed = sectionIdSchema.safeParse((await params).id);
    if (!parsed.success) throw fromZodError(parsed.error, 'id');
    const section = getCatalog().byId.get(parsed.data);
    if (!section) throw new ApiError('not-found', `id: no runbook section "${parsed.data}"`, 'id');
    const snapshot = await getSectionSnapshot(section.id);
    if (!snapshot) throw new Error(`section ${section.id} is missing from the overview snapshot`);
    return respondSnapshot(snapshot, request.headers.get('if-none-match'));
  } catch (error) {
    return respondError(error);
  }
}
