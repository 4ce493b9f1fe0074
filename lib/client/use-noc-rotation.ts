'use client';

import { useEffect, useRef, useState } from 'react';
import { advanceRotation, gridView, type RotationView } from '@/lib/noc/rotation';

/** Which view the wall shows: always the grid without `intervalMs`, else a step every `intervalMs`. */
export function useNocRotation(intervalMs: number | null, firingIds: readonly string[]): RotationView {
  const [view, setView] = useState<RotationView>(gridView);
  // The timer reads the latest list when it fires; restarting it on every poll would never let it fire.
  const firing = useRef(firingIds);
  useEffect(() => {
    firing.current = firingIds;
  }, [firingIds]);
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = setInterval(() => setView((current) => advanceRotation(current, firing.current)), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return intervalMs === null ? gridView : view;
}
