import { expect, type Locator, type Page } from '@playwright/test';

/** The NOC wall (/noc), signed in as a display through its link. */
export class NocPage {
  constructor(readonly page: Page) {}

  /** Opens the display link with `next` (as an admin would hand it to a TV) and lands on the wall. */
  async signInAsDisplay(secret: string, next = '/noc') {
    await this.page.goto(`${process.env.E2E_CONSOLE_URL}/display#token=${secret}&next=${encodeURIComponent(next)}`);
    await expect(this.page).toHaveURL(`${process.env.E2E_CONSOLE_URL}${next}`);
  }

  tiles(): Locator {
    return this.page.getByTestId('noc-tile');
  }

  /** Tiles drawn from data (not the catalog's placeholders before the first answer). */
  liveTiles(): Locator {
    return this.page.locator('[data-testid="noc-tile"]:not([data-placeholder])');
  }

  tile(sectionId: string): Locator {
    return this.page.locator(`[data-testid="noc-tile"][data-section-id="${sectionId}"]`);
  }

  grid(): Locator {
    return this.page.getByTestId('noc-grid');
  }

  header(): Locator {
    return this.page.getByTestId('noc-header');
  }

  /** The header's items: logo and title, environment, counts per level, notes, data age, clock. */
  headerItems(): Locator {
    return this.header().locator(':scope > *');
  }

  clock(): Locator {
    return this.page.getByTestId('noc-clock');
  }

  staleBanner(): Locator {
    return this.page.getByTestId('noc-stale-banner');
  }

  detail(): Locator {
    return this.page.getByTestId('noc-detail');
  }

  flash(): Locator {
    return this.page.getByTestId('noc-flash');
  }

  /**
   * Everything that does not fit: the document scrolling, a tile off screen, a tile's title, value or
   * times wider or taller than its box or cut off by its tile, a header item cut off. Empty when all fits.
   */
  async findMisfits(): Promise<string[]> {
    return this.page.evaluate(() => {
      const problems: string[] = [];
      const doc = document.documentElement;
      if (doc.scrollHeight > window.innerHeight || doc.scrollWidth > window.innerWidth) {
        problems.push(`the document scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${window.innerWidth}×${window.innerHeight}`);
      }
      const inside = (inner: DOMRect, outer: DOMRect) => inner.left >= outer.left - 0.5 && inner.top >= outer.top - 0.5 && inner.right <= outer.right + 0.5 && inner.bottom <= outer.bottom + 0.5;
      const screen = new DOMRect(0, 0, window.innerWidth, window.innerHeight);
      for (const tile of document.querySelectorAll('[data-testid="noc-tile"]')) {
        const id = tile.getAttribute('data-section-id');
        const box = tile.getBoundingClientRect();
        if (!inside(box, screen)) problems.push(`${id}: tile off screen`);
        for (const element of tile.querySelectorAll<HTMLElement>('[data-noc-fit]')) {
          const what = `${id} ${element.dataset.nocFit} "${element.textContent}"`;
          if (element.scrollWidth > element.clientWidth) problems.push(`${what}: ${element.scrollWidth} px wide in ${element.clientWidth}`);
          if (element.scrollHeight > element.clientHeight) problems.push(`${what}: ${element.scrollHeight} px tall in ${element.clientHeight}`);
          const rect = element.getBoundingClientRect();
          if (!inside(rect, element.parentElement!.getBoundingClientRect()) || !inside(rect, box)) problems.push(`${what}: cut off by its tile`);
        }
      }
      const header = document.querySelector('[data-testid="noc-header"]');
      if (header) {
        const box = header.getBoundingClientRect();
        if (!inside(box, screen)) problems.push('header off screen');
        for (const item of header.children) {
          if (!inside(item.getBoundingClientRect(), box)) problems.push(`header item "${item.textContent}" cut off`);
          if (!inside(item.getBoundingClientRect(), screen)) problems.push(`header item "${item.textContent}" off screen`);
          // Text cut inside its own box (an ellipsis, a clamped second line) is cut too; a pixel is rounding.
          if (item.scrollWidth > item.clientWidth + 1 || item.scrollHeight > item.clientHeight + 1) problems.push(`header item "${item.textContent}" shows only part of its text`);
        }
        if (header.scrollWidth > header.clientWidth + 1) problems.push(`the header's content is ${header.scrollWidth} px wide in ${header.clientWidth}`);
        // Inside its items too: the clock's digits, the title, each level's count (text for screen readers only aside).
        for (const element of header.querySelectorAll<HTMLElement>('*')) {
          if (element.closest('.sr-only')) continue;
          const rect = element.getBoundingClientRect();
          if (rect.width === 0 && rect.height === 0) continue;
          if (!inside(rect, box) || !inside(rect, screen)) problems.push(`header part <${element.tagName.toLowerCase()}> "${element.textContent}" cut off at ${Math.round(rect.right)}×${Math.round(rect.bottom)}`);
        }
      }
      return problems;
    });
  }

  /** What the rotation's detail view cuts off: the view off screen, a signal row below its bottom. */
  async findDetailMisfits(): Promise<string[]> {
    return this.page.evaluate(() => {
      const detail = document.querySelector('[data-testid="noc-detail"]');
      if (!detail) return ['no detail view'];
      const box = detail.getBoundingClientRect();
      const problems: string[] = [];
      if (box.bottom > window.innerHeight || box.right > window.innerWidth) problems.push('detail off screen');
      for (const row of detail.querySelectorAll('[data-testid="noc-signal"]')) {
        if (row.getBoundingClientRect().bottom > box.bottom) problems.push(`signal ${row.getAttribute('data-signal-id')} cut off`);
      }
      return problems;
    });
  }
}
