'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { UrgentLevel } from '@/lib/noc/new-urgent';

export type SoundState = 'off' | 'running' | 'suspended' | 'unavailable';

// One audio context per page: browsers limit how many a page may open.
let context: AudioContext | null = null;

function getAudioContext(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return null;
  context ??= new window.AudioContext();
  return context;
}

/**
 * Two short beeps for a new P1, three higher ones for a P0, synthesised (no sound file to fetch).
 * A browser that forbids sound without a click keeps the context suspended and this stays silent;
 * the header says so (see useNocSoundState).
 */
export function playAlertTone(severity: UrgentLevel): void {
  const audio = getAudioContext();
  if (!audio) return;
  void audio.resume().catch(() => undefined);
  const start = audio.currentTime + 0.05;
  const beeps = severity === 'P0' ? 3 : 2;
  for (let i = 0; i < beeps; i++) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = severity === 'P0' ? 880 : 660;
    const at = start + i * 0.3;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.22);
  }
}

/** Whether the wall can actually sound (`suspended`: the browser's autoplay policy forbids it without a click). */
export function useNocSoundState(enabled: boolean): SoundState {
  // Stable while `enabled` is: the board renders every second for weeks, and a new function would
  // make React unsubscribe and subscribe again (and resume the context) at every render.
  const subscribe = useCallback(
    (onChange: () => void) => {
      const audio = enabled ? getAudioContext() : null;
      audio?.addEventListener('statechange', onChange);
      void audio?.resume().catch(() => undefined);
      return () => audio?.removeEventListener('statechange', onChange);
    },
    [enabled],
  );
  return useSyncExternalStore(
    subscribe,
    () => (enabled ? (context?.state === 'running' ? 'running' : context ? 'suspended' : 'unavailable') : 'off'),
    () => 'off',
  );
}
