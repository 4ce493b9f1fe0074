import type { NextRequest } from 'next/server';
import { runIdSchema } from '@/lib/api/action-schemas';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { resolveStoredRun } from '@/lib/actions/action-context';
import type { ExecutionResult } from '@/lib/actions/executor';
import { getExecutor } from '@/lib/actions/executors';
import { getRun, toPublicRun } from '@/lib/actions/runs';
import { getActionSettings } from '@/lib/actions/settings';
import { judgeRecovery } from '@/lib/actions/verification';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { evaluateSection } from '@/lib/server/section-status-service';

/** One run as the page follows it: its state, the rollout's progress, and whether the section recovered. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store } = await authorize(request, 'section.read');
    const id = runIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const run = await getRun(store, id.data);
    if (!run) throw new ApiError('not-found', `id: no action run ${id.data}`, 'id');
    const resolved = resolveStoredRun(run);
    const result = run.result ? (JSON.parse(run.result) as ExecutionResult & { finishedAt?: number }) : null;
    const progress = run.status === 'succeeded' && result ? await getExecutor(resolved.action.kind).follow(resolved, result).catch((error: unknown) => ({ state: 'failed' as const, message: error instanceof Error ? error.message : String(error) })) : null;
    const { severity } = await evaluateSection(resolved.section);
    const verification = judgeRecovery({ status: run.status, finishedAt: result?.finishedAt ?? null }, severity, getActionSettings().verifyWindowMs, Date.now());
    return respondJson({ run: toPublicRun(run), progress, verification });
  } catch (error) {
    return respondError(error);
  }
}
