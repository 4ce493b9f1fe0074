import type { NextRequest } from 'next/server';
import { temporaryListQuerySchema } from '@/lib/api/action-schemas';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { listTemporaryChanges, toPublicTemporaryChange } from '@/lib/actions/temporary';
import { authorize } from '@/lib/auth/request-auth';
import { getCatalog } from '@/lib/server/catalog';
import { respondError, respondJson } from '@/lib/server/respond';

/** Temporary changes in effect (and the last day's ended ones): all, or one section's (`section`). */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'section.read');
    const query = temporaryListQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw fromZodError(query.error, 'query');
    const { section } = query.data;
    if (section !== undefined && !getCatalog().byId.has(section)) throw new ApiError('not-found', `section: no section ${section}`, 'section');
    const changes = await listTemporaryChanges(store, { sectionId: section });
    return respondJson({ changes: changes.map(toPublicTemporaryChange) });
  } catch (error) {
    return respondError(error);
  }
}
