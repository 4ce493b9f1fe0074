import 'server-only';

/**
 * Work to do when the process is asked to stop (SIGTERM from Kubernetes, Ctrl-C): release leases so another
 * replica takes over at once rather than after they expire, close the store. Hooks run in the order they were
 * registered; one failing does not stop the others. (The process's signal handling calls runShutdownHooks.)
 */
const holder = globalThis as typeof globalThis & { __voicehiveShutdownHooks?: (() => Promise<void> | void)[] };

export function onShutdown(fn: () => Promise<void> | void): void {
  (holder.__voicehiveShutdownHooks ??= []).push(fn);
}

export async function runShutdownHooks(): Promise<void> {
  const hooks = holder.__voicehiveShutdownHooks ?? [];
  holder.__voicehiveShutdownHooks = [];
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      console.error(`[shutdown] a shutdown step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
