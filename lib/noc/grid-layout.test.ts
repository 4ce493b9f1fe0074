import { describe, expect, it } from 'vitest';
import { computeNocGrid, measureNocArea, minNocTile } from './grid-layout';

const screens = { '1080p': { width: 1920, height: 1080 }, '4K': { width: 3840, height: 2160 } };

describe('computeNocGrid', () => {
  for (const [name, viewport] of Object.entries(screens)) {
    it(`fits 1 to 80 tiles on a ${name} screen, every tile at least the minimum, never taller or wider than the screen`, () => {
      const area = measureNocArea(viewport);
      for (let count = 1; count <= 80; count++) {
        const grid = computeNocGrid(count, area, area.gap);
        const where = `${count} tiles: ${grid.columns}×${grid.rows}`;
        expect(grid.columns * grid.rows, where).toBeGreaterThanOrEqual(count);
        expect(grid.fits, where).toBe(true);
        expect(grid.tileWidth, where).toBeGreaterThanOrEqual(minNocTile.width);
        expect(grid.tileHeight, where).toBeGreaterThanOrEqual(minNocTile.height);
        expect(grid.rows * grid.tileHeight + (grid.rows - 1) * grid.gap, where).toBeLessThanOrEqual(area.height + 1e-6);
        expect(grid.columns * grid.tileWidth + (grid.columns - 1) * grid.gap, where).toBeLessThanOrEqual(area.width + 1e-6);
        // No wasted row.
        expect((grid.rows - 1) * grid.columns, where).toBeLessThan(count);
      }
    });
  }

  it('lays the real 19 sections out 5 × 4 on a 16:9 screen, the same at 1080p and 4K', () => {
    for (const viewport of Object.values(screens)) {
      const area = measureNocArea(viewport);
      expect(computeNocGrid(19, area, area.gap)).toMatchObject({ columns: 5, rows: 4 });
    }
  });

  it('gives one tile the whole area, and a stale banner takes its height from the tiles', () => {
    const area = measureNocArea(screens['1080p']);
    expect(computeNocGrid(1, area, area.gap)).toMatchObject({ columns: 1, rows: 1, tileWidth: area.width, tileHeight: area.height });
    const withBanner = measureNocArea(screens['1080p'], { bannerHeight: 60 });
    expect(withBanner.height).toBeCloseTo(area.height - 60 - area.gap);
  });

  it('says when even the best division cannot keep the minimum', () => {
    expect(computeNocGrid(400, { width: 1920, height: 1000 }, 8).fits).toBe(false);
    expect(computeNocGrid(3, { width: 0, height: 0 }, 8)).toMatchObject({ fits: false });
  });
});
