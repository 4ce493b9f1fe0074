import type { NextRequest } from 'next/server';
import { fingerprintSchema, silenceIdSchema } from '@/lib/api/alert-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { auditRefusedAck, endAcknowledgement } from '@/lib/server/alerts-service';
import { respondError, respondJson } from '@/lib/server/respond';

function readEndInput(raw: { fingerprint: string; silenceId: string }) {
  const fingerprint = fingerprintSchema.safeParse(raw.fingerprint);
  if (!fingerprint.success) throw fromZodError(fingerprint.error, 'fingerprint');
  const silenceId = silenceIdSchema.safeParse(raw.silenceId);
  if (!silenceId.success) throw fromZodError(silenceId.error, 'silenceId');
  return { fingerprint: fingerprint.data, silenceId: silenceId.data };
}

/** Ends an acknowledgement early: the silence must be active, and be this alert's own (exactly its labels). */
export async function DELETE(request: NextRequest, { params }: { params: Promise<{ fingerprint: string; silenceId: string }> }) {
  try {
    const context = await authorize(request, 'alert.ack');
    const raw = await params;
    let input: ReturnType<typeof readEndInput>;
    try {
      input = readEndInput(raw);
    } catch (error) {
      await auditRefusedAck(context, 'alert.unack', raw.fingerprint, error);
      throw error;
    }
    return respondJson({ ended: await endAcknowledgement(context, input) });
  } catch (error) {
    return respondError(error);
  }
}
