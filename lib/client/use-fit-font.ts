'use client';

import { useLayoutEffect, useRef } from 'react';

/** Smallest share of the base size the fit goes down to: below it the text could not be read anyway. */
const MIN_SCALE = 0.45;

// scroll and client sizes are rounded separately: a pixel of difference is rounding, a cut line is many.
const ROUNDING_PX = 1;

/** Whether an element and every part marked [data-fit-part] show all of their content. */
function fitsWhole(element: HTMLElement): boolean {
  if (element.scrollWidth > element.clientWidth + ROUNDING_PX) return false;
  for (const part of element.querySelectorAll<HTMLElement>('[data-fit-part]')) {
    if (part.scrollWidth > part.clientWidth + ROUNDING_PX || part.scrollHeight > part.clientHeight + ROUNDING_PX) return false;
  }
  return true;
}

/**
 * Sets an element's font size to `baseVh` (viewport-height units), then steps it down until the element
 * and each of its [data-fit-part] parts show everything: a header sized in em shrinks as a whole rather
 * than cutting its clock or its environment name, whatever the screen and however long the name.
 * Re-fitted when the element's size changes and whenever `content` (what it shows) changes.
 */
export function useFitFont<T extends HTMLElement>(baseVh: number, content: string) {
  const ref = useRef<T | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const fit = () => {
      let scale = 1;
      element.style.fontSize = `${baseVh}vh`;
      while (!fitsWhole(element) && scale > MIN_SCALE) {
        scale *= 0.94;
        element.style.fontSize = `${(baseVh * scale).toFixed(3)}vh`;
      }
      element.dataset.fitScale = scale.toFixed(2);
    };
    fit();
    // Its width follows the screen's (a TV switching resolution); the font, in vh, follows the height.
    const observer = new ResizeObserver(() => fit());
    observer.observe(element);
    window.addEventListener('resize', fit);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [baseVh, content]);
  return ref;
}

/**
 * A wall tile's headline at `baseEm` of the tile's type, stepped down until the whole tile shows all of
 * its content (a long rule under a three-line title on a wall of 60 tiles): the headline gives way, never
 * the title, the times or the deadline. The ref goes on the headline; its offsetParent-free container is
 * the closest [data-fit-box] around it.
 */
export function useFitHeadline<T extends HTMLElement>(baseEm: number, content: string) {
  const ref = useRef<T | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    const box = element?.closest<HTMLElement>('[data-fit-box]');
    if (!element || !box) return undefined;
    const fit = () => {
      let size = baseEm;
      element.style.fontSize = `${size}em`;
      while ((box.scrollHeight > box.clientHeight + ROUNDING_PX || element.scrollWidth > element.clientWidth + ROUNDING_PX) && size > baseEm * MIN_SCALE) {
        size *= 0.92;
        element.style.fontSize = `${size.toFixed(3)}em`;
      }
    };
    fit();
    const observer = new ResizeObserver(() => fit());
    observer.observe(box);
    return () => observer.disconnect();
  }, [baseEm, content]);
  return ref;
}
