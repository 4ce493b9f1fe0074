'use client';

import type { ReactNode } from 'react';
import { useNocElementSize } from '@/lib/client/use-noc-element-size';
import { computeNocGrid, measureNocArea, nocFrame } from '@/lib/noc/grid-layout';

// Until the grid is measured (server HTML, first paint) it is laid out for the commonest wall.
const assumedViewport = { width: 1920, height: 1080 };

/**
 * The tiles, in as many columns and rows as fit the space left under the header: every tile the same
 * size and nothing scrolls, whatever the number of sections. Each cell is a size container, so a
 * tile's text scales with the cell (cqw/cqh).
 */
export function NocGrid({ count, dimmed, children }: { count: number; dimmed: boolean; children: ReactNode }) {
  const [ref, size] = useNocElementSize<HTMLUListElement>();
  const gap = ((size?.viewportHeight ?? assumedViewport.height) * nocFrame.gapVh) / 100;
  const area = size ?? measureNocArea(assumedViewport);
  const grid = computeNocGrid(count, area, gap);
  return (
    <ul
      ref={ref}
      data-testid="noc-grid"
      data-columns={grid.columns}
      data-rows={grid.rows}
      data-stale={dimmed ? 'true' : 'false'}
      aria-label="Sections, worst first"
      className="grid h-full w-full"
      style={{ gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`, gap: `${nocFrame.gapVh}vh` }}
    >
      {children}
    </ul>
  );
}

/** One grid cell: a size container its tile's type scales with. */
export function NocCell({ children }: { children: ReactNode }) {
  return <li className="min-h-0 min-w-0 [container-type:size]">{children}</li>;
}
