import { useId, type ReactNode } from 'react';

/** A titled grid of tiles; `wide` tiles for what needs attention, narrower ones for the healthy rest. */
export function TileGroup({ title, count, wide = false, children }: { title: string; count: number; wide?: boolean; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid="tile-group" data-title={title} className="space-y-2">
      <h2 id={headingId} className="flex items-baseline gap-2 text-xs font-semibold tracking-wider text-muted uppercase">
        {title}
        <span className="tabular-nums">{count}</span>
      </h2>
      <ul className={`grid gap-3 ${wide ? 'grid-cols-[repeat(auto-fill,minmax(340px,1fr))]' : 'grid-cols-[repeat(auto-fill,minmax(240px,1fr))]'}`}>
        {children}
      </ul>
    </section>
  );
}
