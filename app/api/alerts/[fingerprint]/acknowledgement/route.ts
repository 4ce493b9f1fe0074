import type { NextRequest } from 'next/server';
import { acknowledgeSchema, fingerprintSchema } from '@/lib/api/alert-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { acknowledgeAlert } from '@/lib/server/alerts-service';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** Acknowledges an alert: an Alertmanager silence on exactly its labels, made by this person, for a bounded time. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ fingerprint: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'alert.ack');
    const fingerprint = fingerprintSchema.safeParse((await params).fingerprint);
    if (!fingerprint.success) throw fromZodError(fingerprint.error, 'fingerprint');
    const body = await readJsonBody(request, acknowledgeSchema);
    return respondJson({ acknowledgement: await acknowledgeAlert({ store, actor }, { fingerprint: fingerprint.data, ...body }) }, 201);
  } catch (error) {
    return respondError(error);
  }
}
