import { afterEach, describe, expect, it } from 'vitest';

// Fresh registry per test: it lives on globalThis (shared by every Next.js module instance).
async function fresh() {
  delete (globalThis as { __voicehiveShutdown?: unknown }).__voicehiveShutdown;
  return import('./shutdown');
}

afterEach(() => {
  delete (globalThis as { __voicehiveShutdown?: unknown }).__voicehiveShutdown;
});

describe('graceful shutdown registry', () => {
  it('runs hooks by phase (stop-work, release, close), the later registered first within a phase, and once', async () => {
    const { onShutdown, shutdown } = await fresh();
    const calls: string[] = [];
    onShutdown('store', () => void calls.push('store'), 'close');
    onShutdown('lease a', () => void calls.push('lease a'));
    onShutdown('lease b', async () => void calls.push('lease b'));
    onShutdown('timer', () => void calls.push('timer'), 'stop-work');
    const [first, second] = await Promise.all([shutdown(100), shutdown(100)]);
    expect(first).toBe(second);
    expect(calls).toEqual(['timer', 'lease b', 'lease a', 'store']);
  });

  it('refuses new work once shutting down, with a 503 that says to try again', async () => {
    const { assertAcceptingWork, isShuttingDown, shutdown } = await fresh();
    expect(() => assertAcceptingWork('a new action request')).not.toThrow();
    await shutdown(10);
    expect(isShuttingDown()).toBe(true);
    expect(() => assertAcceptingWork('a new action request')).toThrow(expect.objectContaining({ code: 'unavailable', message: expect.stringContaining('shutting down') as unknown }));
  });

  it('waits for running work that finishes within the grace, and interrupts what is still running after it, before closing the store', async () => {
    const { onShutdown, shutdown, trackWork, runningWork } = await fresh();
    const calls: string[] = [];
    let finishQuick!: () => void;
    const quick = new Promise<void>((resolve) => (finishQuick = resolve));
    void trackWork('quick run', quick, () => void calls.push('interrupted quick'));
    void trackWork('stuck run', new Promise(() => undefined), () => void calls.push('interrupted stuck'));
    void trackWork('failing run', Promise.reject(new Error('boom')), () => void calls.push('interrupted failing'));
    onShutdown('store', () => void calls.push('store closed'), 'close');
    expect(runningWork()).toContain('stuck run');
    const done = shutdown(200);
    finishQuick();
    const report = await done;
    expect(report.finished.sort()).toEqual(['failing run', 'quick run']);
    expect(report.interrupted).toEqual(['stuck run']);
    expect(calls).toEqual(['interrupted stuck', 'store closed']);
  });

  it('goes on when a hook fails or hangs, and says which', async () => {
    const { onShutdown, shutdown } = await fresh();
    const calls: string[] = [];
    onShutdown('store', () => void calls.push('store closed'), 'close');
    onShutdown('broken lease', () => {
      throw new Error('redis gone');
    });
    const unregister = onShutdown('removed', () => void calls.push('removed ran'));
    unregister();
    const report = await shutdown(10);
    expect(report.failedHooks).toEqual([{ name: 'broken lease', error: 'redis gone' }]);
    expect(calls).toEqual(['store closed']);
  });
});
