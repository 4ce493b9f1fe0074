import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRecovery, type RecoveryDeps } from './recovery';

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
