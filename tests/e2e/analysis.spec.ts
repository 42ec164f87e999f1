import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { GRID_GOVERNANCE_CATEGORIES } from '../../src-shared/domain/categories';
import { INDICATORS, type IndicatorId } from '../../src-shared/domain/indicators';
import { writeSeedExport } from '../../src-main/simulator/seed-export';
import { expect, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
const CLI = join(import.meta.dirname, '../../out/main/cli.js');
mkdirSync(ARTIFACTS, { recursive: true });

type Charts = { charts: Record<string, { getOption(): Record<string, unknown>; convertToPixel(finder: unknown, value: unknown): number[]; getDom(): HTMLElement }>; drawn: Record<string, number>; pending: Record<string, boolean> };
const CHARTS = ['category', 'grid', 'time', 'funnel', 'calendar'];

/** Waits until the view's load counter passes `after` and every chart has finished drawing its options. */
async function waitLoaded(page: Page, after: number): Promise<number> {
  await expect(page.getByTestId('analysis-view')).toHaveAttribute('data-loading', 'no');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="analysis-view"]')?.getAttribute('data-loaded')) > n, after);
  await page.waitForFunction((names) => {
    const r = (window as unknown as { __ccCharts?: Charts }).__ccCharts;
    return !!r && names.every((n) => (r.drawn[n] ?? 0) > 0 && r.pending[n] === false);
  }, CHARTS);
  return Number(await page.getByTestId('analysis-view').getAttribute('data-loaded'));
}

async function openAnalysis(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('link', { name: '统计分析' }).or(page.getByRole('tab', { name: '统计分析' })).or(page.getByText('统计分析', { exact: true })).first().click();
  return waitLoaded(page, 0);
}

test('the Analysis view draws its charts, a category bar filters the map and the list, a CSV carries the filters, the drill leads to a case', async ({ page, consoleHost }) => {
  // ECharts is not in the first screen's scripts: it arrives with the view.
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push(r.url());
  });
  await page.goto(consoleHost.url);
  await expect(page.getByTestId('app-title')).toBeVisible();
  const before = scripts.length;
  const loaded = await openAnalysis(page, consoleHost.url);
  expect(scripts.length).toBeGreaterThan(before);

  // Options: categories with counts, a funnel of the case flow, a year of calendar days.
  const opts = await page.evaluate(() => {
    const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
    const o = (n: string) => r.charts[n]!.getOption() as { series: { type: string; data: unknown[] }[] };
    return {
      category: o('category').series[0]!.data.length,
      categoryType: o('category').series[0]!.type,
      funnel: o('funnel').series[0]!.data.length,
      grid: o('grid').series[0]!.data.length,
      calendar: o('calendar').series[0]!.data.length,
      time: o('time').series[0]!.data.length,
    };
  });
  expect(opts.categoryType).toBe('bar');
  expect(opts.category).toBeGreaterThan(1);
  expect(opts.funnel).toBe(6);
  expect(opts.grid).toBeGreaterThan(1);
  expect(opts.calendar).toBeGreaterThan(0);
  expect(opts.time).toBeGreaterThan(0);

  // Pixels: each canvas carries more than its background.
  const painted = await page.evaluate((names) => {
    const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
    return Object.fromEntries(
      names.map((n) => {
        const c = r.charts[n]!.getDom().querySelector('canvas')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set<number>();
        for (let i = 0; i < d.length; i += 16) colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
        return [n, colours.size];
      }),
    );
  }, CHARTS);
  for (const n of CHARTS) expect(painted[n], n).toBeGreaterThan(5);
  await expect(page.getByTestId('kpi-received').getByTestId('kpi-value')).not.toHaveText('0');

  // A click on the first category bar (a real click on the canvas, where the bar is drawn).
  const target = await page.evaluate(() => {
    const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
    const chart = r.charts.category!;
    const s = (chart.getOption() as { series: { data: { value: number; key: string }[] }[] }).series[0]!.data;
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [0, s[0]!.value / 2]);
    const box = chart.getDom().getBoundingClientRect();
    return { key: s[0]!.key, count: s[0]!.value, x: box.left + x!, y: box.top + y! };
  });
  await page.mouse.click(target.x - 6, target.y);
  await waitLoaded(page, loaded);
  await expect(page.getByTestId('chip-category')).toBeVisible();
  // Every other chart follows: the grid ranking sums to the category's count, and the headline
  // shows it. The simulator keeps reporting meanwhile, so the three are read together, from the
  // one load that answers the click (a later incident may have raised them all by one).
  const figures = () =>
    page.evaluate((key) => {
      const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
      const data = (n: string) => (r.charts[n]!.getOption() as { series: { data: { value: number; key?: string }[] }[] }).series[0]!.data;
      return {
        categories: data('category').map((d) => d.key),
        category: data('category').find((d) => d.key === key)?.value ?? -1,
        grids: data('grid').reduce((s, d) => s + d.value, 0),
        received: Number(document.querySelector('[data-testid="kpi-received"] [data-testid="kpi-value"]')?.textContent?.replace(/\D/g, '') ?? -1),
      };
    }, target.key);
  await expect.poll(async () => {
    const f = await figures();
    return { categories: f.categories, grids: f.grids - f.category, received: f.received - f.category };
  }).toEqual({ categories: [target.key], grids: 0, received: 0 });
  expect((await figures()).category).toBeGreaterThanOrEqual(target.count);

  // The CSV states its range and filters.
  const chipText = (await page.getByTestId('chip-category').innerText()).trim();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-category').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain('统计范围');
  expect(csv).toContain(`筛选条件,${chipText.replace(/\s+/g, ' ')}`);
  expect(csv.split('\r\n').filter((l) => l.startsWith(`${target.key},`))).toHaveLength(1);

  await page.screenshot({ path: join(ARTIFACTS, 'analysis-zh-1920.png') });

  // Drill down: the situation view's list and map show only that category, over the analysed range.
  await page.getByTestId('drill-incidents').click();
  await expect(page.getByTestId('filter-window')).toContainText('自定义');
  await expect(page.getByTestId('incident-list').or(page.getByTestId('incident-total')).first()).toBeVisible();
  const label = chipText.split(/[:：]\s*/).pop()!.trim();
  const rows = page.getByTestId('incident-row');
  const n = await rows.count();
  for (let i = 0; i < Math.min(n, 5); i++) await expect(rows.nth(i)).toContainText(label);
  await expect(page.getByTestId('filter-category')).toContainText(label);
  await page.waitForFunction(() => typeof (window as unknown as { __ccMapProbe?: unknown }).__ccMapProbe === 'object');
  const total = Number((await page.getByTestId('incident-total').innerText()).replace(/[^\d]/g, ''));
  await page.waitForFunction((t) => (window as unknown as { __ccMapProbe: { drawn(): number } }).__ccMapProbe.drawn() === t, total);

  // And on to a case: an incident of that category opened as its case.
  expect(n).toBeGreaterThan(0);
  await rows.first().click();
  const title = (await page.getByTestId('incident-detail').getByTestId('detail-title').innerText()).trim();
  await page.getByTestId('open-case').click();
  await expect(page.getByTestId('case-detail').getByTestId('case-title')).toHaveText(title);
});

test('the import dialog shows progress and the summary, and the view shows the seed export as the city reports it', async ({ page, consoleHost }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-seed-'));
  try {
    // The seed's figures: 1,964 city-management cases received in July 2021, 1,878 closed (95.62%),
    // beside a sample of the grid-governance events.
    const file = join(dir, 'open311-requests.json');
    const counts = writeSeedExport(file, { scale: 0.01 });
    await page.goto(`${consoleHost.url.split('#')[0]}#/analysis/2021-07`);
    let loaded = await waitLoaded(page, 0);
    await expect(page.getByTestId('analysis-range')).toContainText('2021-07-01 00:00');

    await page.getByTestId('open-import').click();
    await expect(page.getByTestId('import-dialog')).toBeVisible();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await expect(page.getByTestId('import-file')).toContainText('open311-requests.json');
    // Progress: the bar moves before the import ends (events observed in the page, not polled here).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __importPhases: string[] }).__importPhases = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="import-phase"]');
        const phase = el?.getAttribute('data-phase');
        const pct = document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-percent');
        if (phase) seen.push(`${phase}:${pct}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-phase')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    const phases = await page.evaluate(() => (window as unknown as { __importPhases: string[] }).__importPhases);
    expect(phases.some((p) => /^(uploading|importing):([1-9]\d?)$/.test(p))).toBe(true);
    await expect(page.getByTestId('import-accepted')).toHaveText(counts.records.toLocaleString('en-US'));
    await expect(page.getByTestId('import-rejected')).toHaveText('0');
    await expect(page.getByTestId('import-duplicates')).toHaveText('0');
    await page.screenshot({ path: join(ARTIFACTS, 'analysis-import-zh.png') });
    await page.getByTestId('import-close').click();
    loaded = await waitLoaded(page, loaded);

    // City management only: the figures the city reports.
    await page.getByTestId('system-choice').click();
    await page.getByText('城市管理', { exact: true }).click();
    loaded = await waitLoaded(page, loaded);
    await expect(page.getByTestId('kpi-received').getByTestId('kpi-value')).toHaveText('1,964');
    await expect(page.getByTestId('kpi-closed').getByTestId('kpi-value')).toHaveText('1,878');
    await expect(page.getByTestId('kpi-closureRate').getByTestId('kpi-value')).toHaveText('95.62%');
    await expect(page.getByTestId('chip-system')).toBeVisible();

    // The monthly report (月度分析) downloaded from the view holds the view's figures.
    await expect(page.getByTestId('monthly-report')).toContainText('2021-07');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('monthly-report').click()]);
    expect(report.suggestedFilename()).toBe('月度分析-2021-07.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await report.path())!);
    const figure = (sheet: string, id: IndicatorId): unknown => {
      const d = INDICATORS.find((x) => x.id === id)!;
      let v: unknown;
      wb.getWorksheet(sheet)!.eachRow((row) => {
        if (row.getCell(1).value === `${d.zh} ${d.en}`) v = row.getCell(2).value;
      });
      return v;
    };
    expect(figure('受理与结案 Volume', 'received')).toBe(1964);
    expect(figure('受理与结案 Volume', 'closed')).toBe(1878);
    expect(figure('结案率 Rates', 'closureRate')).toBe('95.62%');
    const bars = await page.evaluate(() => {
      const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
      return (r.charts.category!.getOption() as { series: { data: { key: string; value: number }[] }[] }).series[0]!.data.map((d) => [d.key, d.value]);
    });
    const sheetRows: [string, number][] = [];
    wb.getWorksheet('分类 By category')!.eachRow((row, n) => {
      if (n > 1) sheetRows.push([String(row.getCell(1).value), Number(row.getCell(3).value)]);
    });
    expect(bars.length).toBeGreaterThan(1);
    expect(Object.fromEntries(sheetRows)).toEqual(Object.fromEntries(bars));

    // The same figures from the command line on the console's own data directory (`stats --json`).
    const stats = (...args: string[]): Record<string, unknown> =>
      JSON.parse(execFileSync(process.execPath, [CLI, 'stats', '--data-dir', consoleHost.dataDir, '--json', ...args], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as Record<string, unknown>;
    const cmStats = stats('--category', 'cm.*', '--from', '2021-07-01T00:00:00+08:00', '--to', '2021-08-01T00:00:00+08:00');
    const cmIndicators = Object.fromEntries((cmStats.indicators as { id: string; value: number }[]).map((i) => [i.id, i.value]));
    expect(cmIndicators).toMatchObject({ received: 1964, closed: 1878, closureRate: 0.9562 });

    // Grid governance over the export's whole span: the 11 categories, each under the city's own
    // name and with the export's count, in the view and in `stats --json` alike.
    await page.getByTestId('system-choice').click();
    await page.getByText('网格治理', { exact: true }).click();
    loaded = await waitLoaded(page, loaded);
    // Within the page (the system picked stays): the address names the span.
    await page.evaluate(() => (location.hash = '#/analysis/2019-01..2021-07'));
    await expect(page.getByTestId('analysis-range')).toContainText('2019-01-01 00:00');
    await waitLoaded(page, loaded);
    await expect(page.getByTestId('chip-system')).toBeVisible();
    const categoryBars = (): Promise<Record<string, number>> =>
      page.evaluate(() => {
        const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
        const data = (r.charts.category!.getOption() as { series: { data: { key: string; value: number }[] }[] }).series[0]!.data;
        return Object.fromEntries(data.map((d) => [d.key, d.value]));
      });
    await expect.poll(categoryBars).toEqual(counts.byCategory);
    expect(Object.keys(counts.byCategory)).toHaveLength(11);
    const ggStats = stats('--from', '2019-01-01T00:00:00+08:00', '--to', '2021-08-01T00:00:00+08:00');
    const byCategory = ggStats.byCategory as Record<string, number>;
    expect(Object.fromEntries(Object.keys(counts.byCategory).map((k) => [k, byCategory[k]]))).toEqual(counts.byCategory);
    for (const c of GRID_GOVERNANCE_CATEGORIES) await expect(page.getByTestId('analysis-table'), c.code).toContainText(c.zh);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a grid bar clicked outlines that grid on the situation map', async ({ page, consoleHost }) => {
  type Probe = { layerFilter(id: string): unknown };
  await page.goto(consoleHost.url);
  await page.waitForFunction(() => typeof (window as unknown as { __ccMapProbe?: unknown }).__ccMapProbe === 'object');
  await page.getByRole('link', { name: '统计分析' }).or(page.getByRole('tab', { name: '统计分析' })).or(page.getByText('统计分析', { exact: true })).first().click();
  const loaded = await waitLoaded(page, 0);
  // The top grid of the ranking (drawn last, at the top of the horizontal bars).
  const bar = await page.evaluate(() => {
    const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
    const chart = r.charts.grid!;
    const data = (chart.getOption() as { series: { data: { value: number; key: string }[] }[] }).series[0]!.data;
    const i = data.map((d) => d.key).lastIndexOf(data.filter((d) => d.key).at(-1)!.key);
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [data[i]!.value / 2, i]);
    const box = chart.getDom().getBoundingClientRect();
    return { key: data[i]!.key, x: box.left + x!, y: box.top + y! };
  });
  // The map (kept while the view is away) outlines what the grid chart points at.
  const outlined = (layer: string): Promise<string[]> =>
    page.evaluate((l) => {
      const f = (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.layerFilter(l) as [string, unknown, [string, string[]]];
      return f[2][1];
    }, layer);
  // The hidden map draws nothing while the Analysis view is shown; what it outlines is checked once it is back.
  await page.mouse.click(bar.x, bar.y);
  await waitLoaded(page, loaded);
  await expect(page.getByTestId('chip-grid')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'analysis-grid-picked-zh.png') });
  await page.getByTestId('drill-incidents').click();
  await expect.poll(() => outlined('grid-focus-line')).toEqual([bar.key]);
  await page.screenshot({ path: join(ARTIFACTS, 'situation-grid-focus-zh.png') });
});

for (const [w, h] of [
  [1920, 1080],
  [1366, 768],
] as const) {
  test(`screenshots of the Analysis view at ${w}×${h}, zh and en`, async ({ page, consoleHost }) => {
    await page.setViewportSize({ width: w, height: h });
    await openAnalysis(page, consoleHost.url);
    await page.screenshot({ path: join(ARTIFACTS, `analysis-zh-${w}x${h}.png`) });
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('Analysis', { exact: true }).first()).toBeVisible();
    // The charts redraw with English names; wait for every one to finish again.
    await page.waitForFunction(() => {
      const r = (window as unknown as { __ccCharts: Charts }).__ccCharts;
      return (r.charts.category!.getOption() as { legend: { data: string[] }[] }).legend[0]!.data[0] === 'Received';
    });
    await expect(page.getByTestId('analysis-view')).toHaveAttribute('data-loading', 'no');
    await page.screenshot({ path: join(ARTIFACTS, `analysis-en-${w}x${h}.png`) });
  });
}
