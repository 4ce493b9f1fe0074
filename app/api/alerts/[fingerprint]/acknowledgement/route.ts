import type { NextRequest } from 'next/server';
import { acknowledgeSchema, fingerprintSchema } from '@/lib/api/alert-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { getAlerts } from '@/lib/server/alertmanager';
import { acknowledgeAlert, auditRefusedAck } from '@/lib/server/alerts-service';
import { acknowledgeForIncident } from '@/lib/server/kept-acknowledgements';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

async function readAckInput(request: NextRequest, rawFingerprint: string) {
  const fingerprint = fingerprintSchema.safeParse(rawFingerprint);
  if (!fingerprint.success) throw fromZodError(fingerprint.error, 'fingerprint');
  return { fingerprint: fingerprint.data, ...(await readJsonBody(request, acknowledgeSchema)) };
}

/** Acknowledges an alert: an Alertmanager silence on exactly its labels, made by this person, for a bounded time. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ fingerprint: string }> }) {
  try {
    const context = await authorize(request, 'alert.ack');
    const { fingerprint } = await params;
    const input = await readAckInput(request, fingerprint).catch(async (error: unknown) => {
      await auditRefusedAck(context, 'alert.ack', fingerprint, error);
      throw error;
    });
    const { keepAliveFor, ...ack } = input;
    const acknowledgement = keepAliveFor ? await acknowledgeForIncident(context, getAlerts(), { ...ack, incidentId: keepAliveFor }) : await acknowledgeAlert(context, ack);
    return respondJson({ acknowledgement }, 201);
  } catch (error) {
    return respondError(error);
  }
}
