/**
 * How the NOC wall divides the screen. The frame is in viewport-height units so the same page fits a
 * 1080p and a 4K screen alike; the board reads these numbers for its CSS, and the tests for their arithmetic.
 */
export const nocFrame = { headerVh: 6.5, paddingVh: 0.8, gapVh: 0.8 } as const;

/** Below this a tile's text could no longer be read across the room. */
export const minNocTile = { width: 160, height: 96 } as const;

/** Tiles are drawn for this width:height; the grid picks the division whose tiles come closest at the largest size. */
const TILE_ASPECT = 1.6;

export type Size = { width: number; height: number };
export type NocGrid = { columns: number; rows: number; tileWidth: number; tileHeight: number; gap: number; fits: boolean };

const vh = (viewport: Size, units: number) => (viewport.height * units) / 100;

/** The space left for tiles on a screen of this size, with the header (and the stale banner, when shown). */
export function measureNocArea(viewport: Size, { bannerHeight = 0 }: { bannerHeight?: number } = {}): Size & { gap: number } {
  const padding = vh(viewport, nocFrame.paddingVh);
  const gap = vh(viewport, nocFrame.gapVh);
  const header = vh(viewport, nocFrame.headerVh);
  const bannerSpace = bannerHeight > 0 ? bannerHeight + gap : 0;
  return { width: viewport.width - 2 * padding, height: viewport.height - 2 * padding - header - gap - bannerSpace, gap };
}

/**
 * Columns and rows for `count` tiles in `area`: the division whose tiles hold the largest tile of the
 * drawn aspect (so the text, which scales with the tile, is as large as it can be), fewer empty cells
 * on a tie. Rows × tile height plus gaps never exceed the area; `fits` says every tile keeps the minimum.
 */
export function computeNocGrid(count: number, area: Size, gap: number, minTile: Size = minNocTile): NocGrid {
  const n = Math.max(1, Math.floor(count));
  let best: (NocGrid & { score: number; empty: number }) | null = null;
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    // A division that leaves a whole row or column empty is the same as a smaller one.
    if ((rows - 1) * columns >= n) continue;
    const tileWidth = (area.width - (columns - 1) * gap) / columns;
    const tileHeight = (area.height - (rows - 1) * gap) / rows;
    if (tileWidth <= 0 || tileHeight <= 0) continue;
    const score = Math.min(tileWidth, tileHeight * TILE_ASPECT);
    const empty = columns * rows - n;
    if (!best || score > best.score + 0.5 || (Math.abs(score - best.score) <= 0.5 && empty < best.empty)) {
      best = { columns, rows, tileWidth, tileHeight, gap, fits: tileWidth >= minTile.width && tileHeight >= minTile.height, score, empty };
    }
  }
  if (!best) return { columns: 1, rows: n, tileWidth: 0, tileHeight: 0, gap, fits: false };
  return { columns: best.columns, rows: best.rows, tileWidth: best.tileWidth, tileHeight: best.tileHeight, gap, fits: best.fits };
}
