import { ApiError } from '@/lib/api/errors';

/**
 * Graceful shutdown (SIGTERM from Kubernetes, a rollout, a node drain): a small registry that server.mjs
 * runs once. In order:
 *   1. the console stops taking new work (`isShuttingDown`, `assertAcceptingWork`; readiness answers 503);
 *   2. `stop-work` hooks run (stop timers, pollers);
 *   3. running work registered with `trackWork` (an action being executed) gets a bounded wait; what is
 *      still running after it is interrupted (its `interrupt` marks it so, with what is known);
 *   4. `release` hooks (leases and other things held for other replicas);
 *   5. `close` hooks (the store, last).
 * State lives on globalThis: Next.js loads instrumentation and each route in module instances of their own.
 */
export type ShutdownPhase = 'stop-work' | 'release' | 'close';
type Hook = { name: string; phase: ShutdownPhase; run: () => unknown };
type Work = { name: string; done: Promise<unknown>; interrupt?: () => Promise<unknown> | unknown };
export type ShutdownReport = { finished: string[]; interrupted: string[]; failedHooks: { name: string; error: string }[] };
type State = { hooks: Hook[]; work: Map<number, Work>; nextId: number; shuttingDown: boolean; running?: Promise<ShutdownReport> };

const holder = globalThis as typeof globalThis & { __voicehiveShutdown?: State; __voicehiveRunShutdown?: (graceMs?: number) => Promise<ShutdownReport> };
/** How long one hook may take before the shutdown goes on without it. */
const HOOK_TIMEOUT_MS = 5_000;

function state(): State {
  holder.__voicehiveShutdown ??= { hooks: [], work: new Map(), nextId: 1, shuttingDown: false };
  return holder.__voicehiveShutdown;
}

/** Registers `run` to be called once at shutdown in `phase` (default `release`); returns a function that unregisters it. */
export function onShutdown(name: string, run: () => unknown, phase: ShutdownPhase = 'release'): () => void {
  const hook: Hook = { name, phase, run };
  state().hooks.push(hook);
  return () => {
    const hooks = state().hooks;
    const at = hooks.indexOf(hook);
    if (at >= 0) hooks.splice(at, 1);
  };
}

export function isShuttingDown(): boolean {
  return state().shuttingDown;
}

/** Refuses new work (a new action, an approval that would start one) once the console is shutting down. */
export function assertAcceptingWork(what: string): void {
  if (isShuttingDown()) throw new ApiError('unavailable', `The console is shutting down and takes no new work (${what}); try again: another replica, or this one once restarted, will take it.`);
}

/**
 * Tracks work that shutdown waits for (bounded); `interrupt` is called if it is still running when the wait
 * ends, and must record that it was interrupted. Returns `work` unchanged.
 */
export function trackWork<T>(name: string, work: Promise<T>, interrupt?: () => Promise<unknown> | unknown): Promise<T> {
  const s = state();
  const id = s.nextId++;
  const done = work.then(
    () => undefined,
    () => undefined,
  );
  s.work.set(id, { name, done, interrupt });
  void done.then(() => s.work.delete(id));
  return work;
}

/** The names of the tracked work still running. */
export function runningWork(): string[] {
  return [...state().work.values()].map((w) => w.name);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function withTimeout(promise: Promise<unknown>, ms: number, what: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the shutdown once (later calls get the same report); `graceMs` bounds the wait for running work. */
export function shutdown(graceMs = 20_000): Promise<ShutdownReport> {
  const s = state();
  s.running ??= runShutdown(s, graceMs);
  return s.running;
}

async function runShutdown(s: State, graceMs: number): Promise<ShutdownReport> {
  s.shuttingDown = true;
  const report: ShutdownReport = { finished: [], interrupted: [], failedHooks: [] };
  const runHooks = async (phase: ShutdownPhase) => {
    // Later registrations first within a phase: what was opened last is closed first.
    for (const hook of s.hooks.filter((h) => h.phase === phase).reverse()) {
      try {
        await withTimeout(Promise.resolve().then(hook.run), HOOK_TIMEOUT_MS, hook.name);
      } catch (error) {
        report.failedHooks.push({ name: hook.name, error: messageOf(error) });
      }
    }
  };
  await runHooks('stop-work');
  const work = [...s.work.values()];
  const settled = new Set<Work>();
  for (const w of work) void w.done.then(() => settled.add(w));
  await withTimeout(Promise.all(work.map((w) => w.done)), graceMs, 'running work').catch(() => undefined);
  for (const w of work) {
    if (settled.has(w)) {
      report.finished.push(w.name);
      continue;
    }
    report.interrupted.push(w.name);
    try {
      await withTimeout(Promise.resolve().then(w.interrupt), HOOK_TIMEOUT_MS, `interrupting ${w.name}`);
    } catch (error) {
      report.failedHooks.push({ name: `interrupting ${w.name}`, error: messageOf(error) });
    }
  }
  await runHooks('release');
  await runHooks('close');
  return report;
}

// server.mjs (plain JavaScript, outside the bundle) finds the shutdown here.
holder.__voicehiveRunShutdown = shutdown;
