import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { getVendorHealth } from '@/lib/server/pms';

/**
 * Every configured PMS vendor's health, as the console's own probe saw it (one probe per vendor per
 * interval, whoever asks). The vendors and URLs come from configuration: the request names nothing.
 */
export async function GET(request: NextRequest) {
  try {
    await authorize(request, 'section.read');
    return respondJson({ generatedAt: Date.now(), ...(await getVendorHealth()) });
  } catch (error) {
    return respondError(error);
  }
}
