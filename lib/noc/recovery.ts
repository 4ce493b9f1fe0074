/**
 * How the wall recovers from an error that broke its page: wait, check that the console answers, then
 * reload. Reloading blindly while the console is down would leave the browser's own error page on the
 * wall, and that page does not come back by itself.
 */
export const nocRecovery = { firstDelayMs: 30_000, maxDelayMs: 60_000 } as const;

export type RecoveryDeps = {
  /** True when the console answers (its liveness endpoint). */
  probe: () => Promise<boolean>;
  reload: () => void;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
};

/** Starts the wait → probe → reload cycle; the delay doubles after each failed probe, up to the cap. Returns a cancel function. */
export function startRecovery(deps: RecoveryDeps, { firstDelayMs, maxDelayMs }: { firstDelayMs: number; maxDelayMs: number } = nocRecovery): () => void {
  let cancelled = false;
  let handle: unknown;
  const schedule = (delayMs: number) => {
    handle = deps.setTimer(() => void attempt(delayMs), delayMs);
  };
  const attempt = async (delayMs: number) => {
    const answers = await deps.probe().catch(() => false);
    if (cancelled) return;
    if (answers) deps.reload();
    else schedule(Math.min(delayMs * 2, maxDelayMs));
  };
  schedule(firstDelayMs);
  return () => {
    cancelled = true;
    deps.clearTimer(handle);
  };
}

/** The console's liveness endpoint answers 2xx within 10 s. */
export async function probeConsole(): Promise<boolean> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
    return response.ok;
  } catch {
    return false;
  }
}
