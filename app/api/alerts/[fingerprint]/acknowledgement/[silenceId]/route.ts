import type { NextRequest } from 'next/server';
import { fingerprintSchema, silenceIdSchema } from '@/lib/api/alert-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { endAcknowledgement } from '@/lib/server/alerts-service';
import { respondError, respondJson } from '@/lib/server/respond';

/** Ends an acknowledgement early: the silence must be active and be the one on this alert. */
export async function DELETE(request: NextRequest, { params }: { params: Promise<{ fingerprint: string; silenceId: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'alert.ack');
    const raw = await params;
    const fingerprint = fingerprintSchema.safeParse(raw.fingerprint);
    if (!fingerprint.success) throw fromZodError(fingerprint.error, 'fingerprint');
    const silenceId = silenceIdSchema.safeParse(raw.silenceId);
    if (!silenceId.success) throw fromZodError(silenceId.error, 'silenceId');
    return respondJson({ ended: await endAcknowledgement({ store, actor }, { fingerprint: fingerprint.data, silenceId: silenceId.data }) });
  } catch (error) {
    return respondError(error);
  }
}
