import type { NextRequest } from 'next/server';
import type { OverviewResponse } from '@/lib/api/types';
import { countBySeverity } from '@/lib/severity/order';
import { authorize } from '@/lib/auth/request-auth';
import { evaluateAllSections } from '@/lib/server/section-status-service';
import { respondError, respondJson } from '@/lib/server/respond';

/** Every section's status, worst first, with counts per level. */
export async function GET(request: NextRequest) {
  try {
    await authorize(request, 'status.read');
    const sections = await evaluateAllSections();
    const body: OverviewResponse = { generatedAt: Date.now(), sections, counts: countBySeverity(sections) };
    return respondJson(body);
  } catch (error) {
    return respondError(error);
  }
}
