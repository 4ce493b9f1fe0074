import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { getPrometheus } from '@/lib/server/prometheus-instance';
import { respondError, respondJson } from '@/lib/server/respond';
import { getRotationsResponse } from '@/lib/server/rotations/service';

/** The rotations register: each secret's last rotation and next due date, and the certificates' live expiry. */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'section.read');
    return respondJson(await getRotationsResponse(store, getPrometheus()));
  } catch (error) {
    return respondError(error);
  }
}
