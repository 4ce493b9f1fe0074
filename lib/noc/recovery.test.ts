import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeRecoveryDelay, nocRecovery, probeConsole, startRecovery, type RecoveryDeps } from './recovery';

function makeDeps(answers: boolean[]) {
  return {
    probe: vi.fn<RecoveryDeps['probe']>(async () => answers.shift() ?? true),
    reload: vi.fn<RecoveryDeps['reload']>(),
    setTimer: (run: () => void, ms: number) => setTimeout(run, ms),
    clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  } satisfies RecoveryDeps;
}

describe('startRecovery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads 30 s after the error when the console answers', async () => {
    const deps = makeDeps([true]);
    startRecovery(deps);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(deps.probe).not.toHaveBeenCalled();
    expect(deps.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.probe).toHaveBeenCalledTimes(1);
    expect(deps.reload).toHaveBeenCalledTimes(1);
  });

  it('does not reload onto a dead console: it checks again after 60 s, and again, until it answers', async () => {
    const deps = makeDeps([false, false, true]);
    startRecovery(deps);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(deps.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(deps.probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.probe).toHaveBeenCalledTimes(2);
    expect(deps.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.probe).toHaveBeenCalledTimes(3);
    expect(deps.reload).toHaveBeenCalledTimes(1);
  });

  it('treats a probe that throws as no answer, and does nothing once cancelled', async () => {
    const deps = makeDeps([]);
    deps.probe.mockRejectedValueOnce(new Error('offline'));
    const cancel = startRecovery(deps);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(deps.reload).not.toHaveBeenCalled();
    cancel();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(deps.probe).toHaveBeenCalledTimes(1);
    expect(deps.reload).not.toHaveBeenCalled();
  });
});

describe('computeRecoveryDelay', () => {
  it('waits 30 s after a first error, twice as long after each reload in a row that broke again, at most 10 min', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(computeRecoveryDelay)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000, 600_000]);
    expect(nocRecovery.maxFirstDelayMs).toBe(600_000);
  });

  it('reads a count it cannot trust as none', () => {
    for (const n of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(computeRecoveryDelay(n), String(n)).toBe(30_000);
    expect(computeRecoveryDelay(1.7)).toBe(60_000);
  });

  it('is the first wait of the cycle, then probes at most a minute apart', async () => {
    vi.useFakeTimers();
    try {
      const deps = makeDeps([false, true]);
      startRecovery(deps, { firstDelayMs: computeRecoveryDelay(4), maxDelayMs: nocRecovery.maxDelayMs });
      await vi.advanceTimersByTimeAsync(479_999);
      expect(deps.probe).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(deps.probe).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(deps.reload).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('probeConsole', () => {
  const answer = (init: Partial<Pick<Response, 'ok' | 'type' | 'status'>>) => vi.fn<typeof fetch>(async () => ({ ok: false, type: 'basic', status: 200, ...init }) as Response);

  it('asks for the wall itself, without following a redirect or using a cache', async () => {
    const fetcher = answer({ ok: true });
    expect(await probeConsole(fetcher)).toBe(true);
    expect(fetcher).toHaveBeenCalledWith('/noc', expect.objectContaining({ redirect: 'manual', cache: 'no-store' }));
  });

  it('counts the page, or a redirect (to sign in, or to the revoked page), as the console answering', async () => {
    expect(await probeConsole(answer({ ok: true, status: 200 }))).toBe(true);
    expect(await probeConsole(answer({ type: 'opaqueredirect', status: 0 }))).toBe(true);
  });

  it('waits on a server error, a proxy error page, or no answer at all', async () => {
    expect(await probeConsole(answer({ status: 500 }))).toBe(false);
    expect(await probeConsole(answer({ status: 503 }))).toBe(false);
    expect(await probeConsole(vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('Failed to fetch'))))).toBe(false);
  });
});

