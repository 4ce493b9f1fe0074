import 'server-only';
import type { Section } from '@/lib/catalog/schema';
import type { ActionRun } from '@/lib/server/store/schema';
import type { Store } from '@/lib/server/store/open-store';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { ExecutionResult, ActionExecutor } from './executor';
import { judgeRecovery, readingOf, type Reading } from './recovery';
import type { ResolvedAction } from './resolve';
import { recordRunProgress, recordRunVerdict } from './runs';
import { getActionSettings } from './settings';

export type Evaluate = (section: Section) => Promise<SectionStatus>;
export type WatchOptions = { evaluate?: Evaluate; windowMs?: number; holdMs?: number; pollMs?: number };

/** The section page's own evaluation (lib/server/section-status-service.ts), loaded when first needed. */
const evaluateAsThePageDoes: Evaluate = async (section) => (await import('@/lib/server/section-status-service')).evaluateSection(section);

/** One reading of the section; a failed evaluation is an `unknown` reading, never an ok one. */
export async function readSection(section: Section, evaluate: Evaluate = evaluateAsThePageDoes): Promise<Reading> {
  const at = Date.now();
  try {
    return readingOf(await evaluate(section), at);
  } catch {
    return { at, severity: 'unknown', firing: null };
  }
}

const ended = (state: string) => state !== 'in-progress';

/**
 * After a run succeeded: follows its own change to its end (stored once) and reads the section as often as
 * the pages poll until the verdict is in (a held recovery, or the end of the watch window), which is
 * stored with its evidence and audited, once. A second watcher of the same run records nothing again.
 */
export async function watchRun(store: Store, run: ActionRun, resolved: ResolvedAction, executor: ActionExecutor, options: WatchOptions = {}): Promise<void> {
  const settings = getActionSettings();
  const { evaluate, windowMs = settings.verifyWindowMs, holdMs = settings.recoveryHoldMs, pollMs = settings.watchPollMs } = options;
  // A run taken over from a replica that died may have its verdict but not its progress, or the other way round.
  if (run.status !== 'succeeded' || (run.verdict !== null && run.progress !== null)) return;
  const result = JSON.parse(run.result ?? '{}') as ExecutionResult & { finishedAt?: number };
  const finishedAt = result.finishedAt ?? Date.now();
  const baseline = run.baseline ? (JSON.parse(run.baseline) as Reading) : { at: finishedAt, severity: 'unknown' as const, firing: null };
  const readings: Reading[] = [];
  let followed = run.progress !== null;
  let judged = run.verdict !== null;
  // Past the window (and a little), the watch ends whatever happens: it never runs on for ever.
  while (Date.now() <= finishedAt + windowMs + pollMs * 3) {
    if (!followed) {
      const progress = await executor.follow(resolved, result).catch((error: unknown) => ({ state: 'in-progress' as const, message: String(error) }));
      if (ended(progress.state)) {
        await recordRunProgress(store, run.id, progress);
        followed = true;
      }
    }
    if (!judged) {
      readings.push(await readSection(resolved.section, evaluate));
      const verdict = judgeRecovery(baseline, readings, { finishedAt, windowMs, holdMs, now: Date.now() });
      if (verdict) {
        await recordRunVerdict(store, run, verdict);
        judged = true;
      }
    }
    if (judged && followed) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
