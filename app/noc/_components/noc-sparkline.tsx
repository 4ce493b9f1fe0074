'use client';

import { Sparkline } from '@/components/sparkline';
import { useNocElementSize } from '@/lib/client/use-noc-element-size';

/**
 * The house sparkline filling whatever box it is given (a tile's trend, the rotation's big chart). It is
 * drawn `unitWidth` units wide and stretched to the box, so its line thickens with the box's width: the
 * same on every tile of a wall, twice as thick at 4K as at 1080p, visible from across the room.
 */
export function NocSparkline({ points, unitWidth = 200, className = '' }: { points: [number, number][]; unitWidth?: number; className?: string }) {
  const [ref, size] = useNocElementSize<HTMLDivElement>();
  const height = size && size.width > 0 ? Math.max(8, Math.round((unitWidth * size.height) / size.width)) : null;
  return (
    <div ref={ref} aria-hidden="true" data-testid="noc-sparkline" className={className}>
      {height ? <Sparkline points={points} width={unitWidth} height={height} className="block h-full w-full" /> : null}
    </div>
  );
}
