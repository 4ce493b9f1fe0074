import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { recordRotationSchema, rotationIdSchema } from '@/lib/rotations/register';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { getConfiguredRotations, recordRotation } from '@/lib/server/rotations/service';

/** A person records a rotation of one register entry (operators; audited). */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'rotation.record');
    const id = rotationIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const input = await readJsonBody(request, recordRotationSchema);
    const record = await recordRotation(store, actor, getConfiguredRotations().find((r) => r.id === id.data), input);
    return respondJson({ record }, 201);
  } catch (error) {
    return respondError(error);
  }
}
