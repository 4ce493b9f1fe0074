/**
 * How many times in a row the wall reloaded itself after an error, kept in sessionStorage (it survives
 * the reload, and is this tab's alone). Storage that is missing or refuses (private mode, full, blocked)
 * reads as no reload: the wall then simply waits the shortest time.
 */
export type StreakStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'voicehive.noc.consecutive-reloads';

export function readReloadStreak(storage: StreakStorage | null): number {
  try {
    const value = Number(storage?.getItem(KEY) ?? 0);
    return Number.isSafeInteger(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** Called just before a recovery reload. */
export function recordReload(storage: StreakStorage | null): void {
  try {
    storage?.setItem(KEY, String(readReloadStreak(storage) + 1));
  } catch {
    // Nothing to do: the next error waits the shortest time.
  }
}

/** The wall has shown data long enough without breaking. */
export function clearReloadStreak(storage: StreakStorage | null): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // As above.
  }
}

/** This tab's sessionStorage, or null where there is none (the server) or it may not be used. */
export function openSessionStorage(): StreakStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
