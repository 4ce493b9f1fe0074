'use client';

import { useSyncExternalStore } from 'react';

/**
 * One shared one-second clock for every countdown and age on the page (one timer, not one per tile).
 * The server snapshot is null so server HTML and hydration agree; times appear on the first client tick.
 */
const listeners = new Set<() => void>();
let current = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  // Before the first subscription there is no tick yet; read the clock once so the first paint is right.
  if (current === 0) current = Date.now();
  return current;
}

function getServerSnapshot(): null {
  return null;
}

/** The current time in epoch ms, updated every second; null while rendering on the server. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
