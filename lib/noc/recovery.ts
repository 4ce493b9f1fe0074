/**
 * How the wall recovers from an error that broke its page: wait, check that the console answers, then
 * reload. Reloading blindly while the console is down would leave the browser's own error page on the
 * wall, and that page does not come back by itself.
 */
export const nocRecovery = {
  firstDelayMs: 30_000,
  /** Between probes while the console does not answer. */
  maxDelayMs: 60_000,
  /** The first wait grows with each reload in a row (an error that comes back every time), up to this. */
  maxFirstDelayMs: 600_000,
  /** A wall that showed data this long without breaking is healthy again: the count of reloads starts over. */
  healthyAfterMs: 300_000,
} as const;

/**
 * The wait before the first probe, after `consecutiveReloads` reloads that each ended in an error again:
 * 30 s, 1 min, 2 min … at most 10 min. A deterministic error then costs a reload every 10 min, not
 * every 30 s for weeks, and a one-off error is still repaired in 30 s.
 */
export function computeRecoveryDelay(consecutiveReloads: number): number {
  const n = Number.isFinite(consecutiveReloads) ? Math.max(0, Math.min(Math.floor(consecutiveReloads), 30)) : 0;
  return Math.min(nocRecovery.maxFirstDelayMs, nocRecovery.firstDelayMs * 2 ** n);
}

export type RecoveryDeps = {
  /** True when the console answers (see probeConsole). */
  probe: () => Promise<boolean>;
  reload: () => void;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
};

/**
 * Starts the wait → probe → reload cycle. After a failed probe the next one comes twice as late, at
 * most `maxDelayMs` later: the console being down is a separate wait from the first one. Returns a
 * cancel function.
 */
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

/** What a probe of /noc must answer for a reload to be worth it: the page itself (2xx), or a redirect (sign-in, revoked). */
export function isConsoleAnswer(response: Pick<Response, 'ok' | 'type'>): boolean {
  return response.ok || response.type === 'opaqueredirect';
}

/**
 * Asks for the wall's own page, not a liveness endpoint: /noc needs the session store and everything
 * else the page needs, and a reload onto its 5xx would only break the wall again. Within 10 s.
 */
export async function probeConsole(fetcher: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await fetcher('/noc', { redirect: 'manual', cache: 'no-store', signal: AbortSignal.timeout(10_000) });
    return isConsoleAnswer(response);
  } catch {
    return false;
  }
}
