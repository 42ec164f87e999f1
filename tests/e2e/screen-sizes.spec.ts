import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** The workstation, laptop, wall and portrait side-screen sizes the console must work at. */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
  { width: 3840, height: 2160 },
  { width: 1080, height: 1920 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

/** What the layout check reads from the page at one size. */
async function measure(page: Page): Promise<{
  page: { scrollWidth: number; scrollHeight: number; width: number; height: number };
  overflowing: string[];
  tabs: { id: string; box: Box; textFits: boolean }[];
  nav: Box;
  legend: Box;
  detail: Box;
  toolbar: Box;
  map: Box;
}> {
  return page.evaluate(() => {
    const box = (el: Element | null): Box => {
      const r = el!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    // An element whose content is wider than its box without a way to scroll to it is cut off.
    const overflowing: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid]')) {
      if (el.offsetParent === null) continue;
      const style = getComputedStyle(el);
      const clips = ['hidden', 'clip'].includes(style.overflowX);
      const scrolls = ['auto', 'scroll'].includes(style.overflowX);
      if (!clips && !scrolls && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) overflowing.push(`${el.dataset.testid} ${el.scrollWidth}>${el.clientWidth}`);
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)) overflowing.push(`${el.dataset.testid} outside the window (${Math.round(r.left)}–${Math.round(r.right)})`);
    }
    const tabs = [...document.querySelectorAll<HTMLElement>('nav [data-testid^="nav-"]')].map((el) => ({
      id: el.dataset.testid!,
      box: box(el),
      textFits: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    }));
    return {
      page: { scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight, width: innerWidth, height: innerHeight },
      overflowing,
      tabs,
      nav: box(document.querySelector('nav')),
      legend: box(document.querySelector('[data-testid="map-legend"]')),
      detail: box(document.querySelector('[data-testid="incident-detail"]')),
      toolbar: box(document.querySelector('[data-testid="map-toolbar"]')),
      map: box(document.querySelector('[data-testid="situation-map"]')),
    };
  });
}

test('at 1366×768, 1600×900, 1920×1080, 2560×1440, 3840×2160 and 1080×1920, in Chinese and in English, nothing overflows, the tabs stay whole on one line, the legend, the map toolbar and the detail panel do not overlap, and the map keeps half the width', async ({ consoleHost, page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize(SIZES[0]);
  await openConsole(page, consoleHost.url);
  await page.getByTestId('incident-row').first().click();
  await expect(page.getByTestId('detail-title')).toBeVisible();

  for (const [lang, size] of [...SIZES.map((s) => ['zh', s] as const), ...SIZES.map((s) => ['en', s] as const)]) {
    if (lang === 'en' && size === SIZES[0]) {
      // English is longer: the same checks, every size again.
      await page.getByTestId('lang-switch').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
    await page.setViewportSize(size);
    // The layout has settled once two frames have passed at the new size.
    await page.waitForFunction((w) => innerWidth === w, size.width);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const m = await measure(page);
    const at = `${size.width}×${size.height} ${lang}`;

    expect(m.page.scrollWidth, `${at}: page wider than the window`).toBeLessThanOrEqual(m.page.width);
    expect(m.page.scrollHeight, `${at}: page taller than the window`).toBeLessThanOrEqual(m.page.height);
    expect(m.overflowing, `${at}: elements cut off`).toEqual([]);

    // Every view's tab: whole, inside the header's navigation, on one line, none over another.
    expect(m.tabs.length, at).toBeGreaterThanOrEqual(6);
    const lineHeight = Math.min(...m.tabs.map((t) => t.box.height));
    for (const t of m.tabs) {
      expect(t.textFits, `${at}: ${t.id} cut or wrapped`).toBe(true);
      expect(t.box.height, `${at}: ${t.id} taller than one line`).toBeLessThanOrEqual(lineHeight + 1);
      expect(Math.round(t.box.y), `${at}: ${t.id} on another line`).toBe(Math.round(m.tabs[0]!.box.y));
      expect(t.box.x >= m.nav.x - 1 && t.box.x + t.box.width <= m.nav.x + m.nav.width + 1, `${at}: ${t.id} outside the header's tabs`).toBe(true);
    }
    for (let i = 1; i < m.tabs.length; i++) expect(overlap(m.tabs[i - 1]!.box, m.tabs[i]!.box), `${at}: tabs overlap`).toBe(false);

    // The legend, the detail panel and the header's tabs never cover one another.
    expect(overlap(m.legend, m.detail), `${at}: the legend under the detail panel`).toBe(false);
    expect(overlap(m.toolbar, m.detail), `${at}: the map's toolbar under the detail panel`).toBe(false);
    expect(overlap(m.nav, m.detail) || overlap(m.nav, m.legend), `${at}: a panel over the header's tabs`).toBe(false);

    // The map keeps at least half the window's width.
    expect(m.map.width, `${at}: map narrower than half the window`).toBeGreaterThanOrEqual(size.width / 2);

    await page.screenshot({ path: join(ARTIFACTS, `screen-${size.width}x${size.height}${lang === 'en' ? '-en' : ''}.png`) });
  }
});
