import type { NextRequest } from 'next/server';
import { runIdSchema } from '@/lib/api/action-schemas';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { resolveStoredRun } from '@/lib/actions/action-context';
import type { ExecutionResult, Progress } from '@/lib/actions/executor';
import { getExecutor } from '@/lib/actions/executors';
import { getRun, toPublicRun } from '@/lib/actions/runs';
import { getActionSettings } from '@/lib/actions/settings';
import { describeVerification } from '@/lib/actions/recovery';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { evaluateSection } from '@/lib/server/section-status-service';

/** One run as the page follows it: its state, how its own change went, and the recovery verdict as judged. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store } = await authorize(request, 'section.read');
    const id = runIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const run = await getRun(store, id.data);
    if (!run) throw new ApiError('not-found', `id: no action run ${id.data}`, 'id');
    const resolved = resolveStoredRun(run);
    const result = run.result ? (JSON.parse(run.result) as ExecutionResult) : null;
    // How its change ended, once stored; until then, where it is now (what this run caused, never judged here).
    const stored = run.progress ? (JSON.parse(run.progress) as Progress) : null;
    const progress = stored ?? (run.status === 'succeeded' && result ? await getExecutor(resolved.action.kind).follow(resolved, result).catch((error: unknown) => ({ state: 'in-progress' as const, message: `cannot be read now: ${error instanceof Error ? error.message : String(error)}` })) : null);
    // The verdict as it was judged (with the section's severity now, as its page shows it); never judged again on a read.
    const { severity } = await evaluateSection(resolved.section);
    const { verifyWindowMs, recoveryHoldMs } = getActionSettings();
    const verification = describeVerification(run, severity, verifyWindowMs, recoveryHoldMs, Date.now());
    return respondJson({ run: toPublicRun(run), progress, verification });
  } catch (error) {
    return respondError(error);
  }
}
