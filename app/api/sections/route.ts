import type { OverviewResponse } from '@/lib/api/types';
import { severityOrder, type Severity } from '@/lib/severity/types';
import { evaluateAllSections } from '@/lib/server/section-status-service';
import { respondError, respondJson } from '@/lib/server/respond';

/** Every section's status, worst first, with counts per level. */
export async function GET() {
  try {
    const sections = await evaluateAllSections();
    const counts = Object.fromEntries(severityOrder.map((s) => [s, 0])) as Record<Severity, number>;
    for (const s of sections) counts[s.severity] += 1;
    const body: OverviewResponse = { generatedAt: Date.now(), sections, counts };
    return respondJson(body);
  } catch (error) {
    return respondError(error);
  }
}
