'use client';

import { useCallback, useState } from 'react';

export type ElementSize = { width: number; height: number; viewportHeight: number };

/**
 * An element's content size, kept current by a ResizeObserver (a TV switching resolution, a banner
 * appearing), with the viewport height the frame's vh units are measured against. Null until measured
 * (and on the server).
 */
export function useNocElementSize<T extends Element>(): [(element: T | null) => (() => void) | undefined, ElementSize | null] {
  const [size, setSize] = useState<ElementSize | null>(null);
  const ref = useCallback((element: T | null) => {
    if (!element) return undefined;
    const update = (width: number, height: number) => {
      const next = { width, height, viewportHeight: window.innerHeight };
      setSize((previous) => (previous && previous.width === next.width && previous.height === next.height && previous.viewportHeight === next.viewportHeight ? previous : next));
    };
    // Measured once at once: an update made while React attaches refs is applied before the first paint,
    // so a grid coming back after a rotation never shows one frame laid out for the wrong size.
    const box = element.getBoundingClientRect();
    update(box.width, box.height);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.width, entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
