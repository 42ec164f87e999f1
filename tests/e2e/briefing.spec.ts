import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { LOUDI_GRIDS } from '../../src-shared/geo/grids';
import { writeDutyDayExport } from '../../src-main/simulator/duty-day-export';
import { sessionFixture } from '../fixtures/session-summary';
import { expect, openConsole, startConsole, stopConsole, test, type RunningConsole } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
const DAY = 86_400_000;
const GRID = LOUDI_GRIDS[5]!;

/** A grid event as the grid feed sends it (level 1 = red). */
function gridEvent(n: number, at: number, level: number, title: string) {
  return {
    eventId: `brief-${n}`,
    categoryCode: 'gg.neighbour',
    level,
    title,
    content: '网格员上报，请核实。',
    lng: GRID.center[0],
    lat: GRID.center[1],
    coordSys: 'WGS84',
    gridCode: GRID.id,
    address: '娄底市娄星区',
    reportTime: new Date(at).toISOString(),
    state: 'reported',
    unit: null,
  };
}

/**
 * 400 cases in this duty day, three weeks of one or two disputes a day in one grid and a cluster
 * of 24 in the last hours (a signal), two red ones: imported before the console starts, with no
 * simulator, so the figures hold still between the screen and the PDF.
 */
function plantDutyDay(dataDir: string): void {
  const now = Date.now();
  const open311 = join(dataDir, 'duty-day.json');
  writeDutyDayExport(open311, 400, now);
  execFileSync(process.execPath, [cli, 'ingest', open311, '--format', 'open311', '--data-dir', dataDir], { stdio: 'ignore' });
  const events = [];
  let n = 0;
  for (let d = 21; d >= 1; d--) for (let k = 0; k < 1 + (d % 2); k++) events.push(gridEvent(++n, now - d * DAY + k * 3_600_000, 4, `邻里纠纷 ${n}`));
  for (let k = 0; k < 24; k++) events.push(gridEvent(++n, now - k * 60_000, 4, `邻里纠纷 ${n}`));
  events.push(gridEvent(++n, now - 5 * 60_000, 1, '乐坪大道燃气泄漏'), gridEvent(++n, now - 6 * 60_000, 1, '涟钢路口房屋倒塌'));
  const json = join(dataDir, 'planted.json');
  writeFileSync(json, JSON.stringify(events));
  execFileSync(process.execPath, [cli, 'ingest', json, '--format', 'json', '--data-dir', dataDir], { stdio: 'ignore' });
}

const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfInfo = (file: string): { pages: number; size: string } => {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), size: /Page size:\s+(.*)/.exec(info)![1]! };
};
/** Every page as a PNG beside the test's other artifacts, to be looked at. */
function pagesAsPng(file: string, prefix: string): string[] {
  for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${prefix}-`)) rmSync(join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(ARTIFACTS, prefix)]);
  return readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'));
}

/**
 * The cover's headline figures by label: each line of labels (受理数 结案数 …) stands under the
 * line of its values, in the same order.
 */
function coverFigures(cover: string): Record<string, string> {
  const lines = cover.split('\n').map((l) => l.replace(/·/g, '').trim()).filter(Boolean);
  const out: Record<string, string> = {};
  lines.forEach((line, i) => {
    const labels = line.split(/\s+/);
    // A line of labels only (not the note under them that names 受理数 in a sentence).
    if (!(labels.includes('受理数') || labels.includes('立案数'))) return;
    const values = (lines[i - 1] ?? '').split(/\s+/);
    labels.forEach((l, k) => (out[l] ??= values[k] ?? ''));
  });
  return out;
}

/**
 * The cover holds the figures the screen showed. Received, closed and the closure rate hold
 * still (no simulator, no case actions); overdue can only grow meanwhile, as the planted cases'
 * clocks run out between the screen and the print.
 */
function expectShownOnCover(text: string): void {
  const cover = coverFigures(text.slice(0, text.indexOf('态势图')));
  expect(cover['受理数']).toBe(shown.received);
  expect(cover['结案数']).toBe(shown.closed);
  expect(cover['结案率']).toBe(shown.closureRate);
  const overdue = (v: string | undefined): number => Number((v ?? '').replace(/,/g, ''));
  expect(overdue(cover['超期数'])).toBeGreaterThanOrEqual(overdue(shown.overdue));
}

let host: RunningConsole;
/** The headline figures as the Analysis view shows them for this duty day. */
let shown: Record<'received' | 'closed' | 'closureRate' | 'overdue', string>;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  host = await startConsole({ args: ['--no-simulator'], beforeStart: plantDutyDay });
});
test.afterAll(async () => {
  await stopConsole(host);
});

async function figuresOnScreen(page: Page): Promise<typeof shown> {
  await page.getByTestId('nav-analysis').click();
  await page.getByTestId('preset-duty').click();
  await expect(page.getByTestId('analysis-view')).toHaveAttribute('data-loading', 'no');
  const kpi = (id: string) => page.getByTestId(`kpi-${id}`).getByTestId('kpi-value');
  await expect(kpi('received')).not.toHaveText('0');
  return {
    received: (await kpi('received').innerText()).trim(),
    closed: (await kpi('closed').innerText()).trim(),
    closureRate: (await kpi('closureRate').innerText()).trim(),
    overdue: (await kpi('overdue').innerText()).trim(),
  };
}

test('简报 saves the duty day’s PDF: the figures the Analysis view shows, Chinese text in the bundled font, the signal, A4 landscape with page numbers', async ({ page }) => {
  await openConsole(page, host.url);
  // The planted cluster's signal is computed before the briefing is made, so the briefing lists it.
  await page.getByTestId('nav-signals').click();
  await expect(page.locator(`[data-testid="signal-row"][data-grids*="${GRID.id}"]`).first()).toBeVisible({ timeout: 30_000 });
  shown = await figuresOnScreen(page);
  expect(Number(shown.received.replace(/,/g, ''))).toBeGreaterThanOrEqual(400);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('briefing-button').click()]);
  expect(download.suggestedFilename()).toMatch(/^值班快报-\d{4}-\d{2}-\d{2}\.pdf$/);
  const file = join(ARTIFACTS, 'briefing-duty.pdf');
  await download.saveAs(file);
  await page.screenshot({ path: join(ARTIFACTS, 'briefing-button.png') });

  const info = pdfInfo(file);
  expect(info.size).toMatch(/^841\.9\d x 595\.\d+ pts \(A4\)/);
  expect(info.pages).toBeGreaterThanOrEqual(5);
  const text = pdfText(file);
  for (const s of ['娄底市应急联动指挥中心', '值班快报', '值班员', '受理数', '结案数', '结案率', '超期数', '态势图', '分类统计', '网格统计', '重点事件', '研判信号', '决策记录']) expect(text, s).toContain(s);
  // The figures equal what the screen showed (the catalogue's own numbers and formatting).
  expectShownOnCover(text);
  // The day's red incidents, the signal's grid, the page numbers.
  expect(text).toContain('乐坪大道燃气泄漏');
  expect(text).toContain(GRID.zh);
  expect(text).toMatch(/EARS C\d|EWMA|CUSUM|时空扫描/);
  expect(text).toMatch(new RegExp(`\\b1\\s*/\\s*${info.pages}\\b`));
  expect(text).toMatch(new RegExp(`\\b${info.pages}\\s*/\\s*${info.pages}\\b`));
  // The Chinese text is drawn with the bundled Noto Sans SC, embedded.
  expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes/);
  expect(pagesAsPng(file, 'briefing-duty').length).toBe(info.pages);
});

test('cli briefing prints the same figures on A4 portrait; a session it cannot know is a usage error', () => {
  const file = join(ARTIFACTS, 'briefing-cli.pdf');
  const r = spawnSync(process.execPath, [cli, 'briefing', '--orientation', 'portrait', '--out', file, '--data-dir', host.dataDir, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ file, name: expect.stringMatching(/^值班快报-/) });
  const info = pdfInfo(file);
  expect(info.size).toMatch(/^595\.\d+ x 841\.9\d pts \(A4\)/);
  const text = pdfText(file);
  expectShownOnCover(text);
  pagesAsPng(file, 'briefing-cli');

  const bad = spawnSync(process.execPath, [cli, 'briefing', '--session', 'hs-1', '--out', join(ARTIFACTS, 'never.pdf'), '--data-dir', host.dataDir], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/no consultation hs-1/);
  const noOut = spawnSync(process.execPath, [cli, 'briefing', '--data-dir', host.dataDir], { encoding: 'utf8' });
  expect(noOut.status).toBe(2);
  expect(noOut.stderr).toMatch(/--out FILE\.pdf is needed/);
});

test('the print page takes a session’s summary: 会商纪要 with its host, pinned notes, decision log and annotations on the map', async ({ page }) => {
  // The consultation service is not in this build: its summary (the agreed shape) is put into the
  // host's answer on the way to the page, which is then printed as the printers print it.
  const started = Date.now() - 2 * 3_600_000;
  const pinnedId = 'sim.grid:brief-1000';
  const fixture = sessionFixture(started, pinnedId);
  const asked = new Set<number>();
  await page.routeWebSocket(/\/cc-api/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { id: number; channel: string; payload?: { sessionId?: string } };
      if (msg.channel === 'cc:briefing:data' && msg.payload?.sessionId) {
        asked.add(msg.id);
        delete msg.payload.sessionId;
        Object.assign(msg.payload, { from: fixture.startedAt, to: fixture.endedAt });
      }
      server.send(JSON.stringify(msg));
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { id?: number; result?: { ok: boolean; value: Record<string, unknown> } };
      if (msg.id !== undefined && asked.has(msg.id) && msg.result?.ok) {
        const v = msg.result.value;
        Object.assign(v, {
          kind: 'session',
          responsible: fixture.host,
          session: fixture,
          pinned: [{ id: pinnedId, title: '乐坪大道燃气泄漏', category: 'gg.neighbour', categoryName: '邻里纠纷', severity: 'red', status: 'reported', gridId: GRID.id, gridName: GRID.zh, reportedAt: started, note: '优先抽排，封闭下穿通道' }],
          pinnedOther: fixture.pinned.filter((p) => p.kind !== 'incident'),
        });
      }
      ws.send(JSON.stringify(msg));
    });
  });
  await openConsole(page, host.url);
  await page.goto(`${host.origin}/#/briefing?session=${fixture.id}&orientation=portrait`);
  await expect(page.getByTestId('briefing')).toHaveAttribute('data-briefing-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('briefing-title')).toHaveText(`会商纪要 · ${fixture.title}`);
  await expect(page.getByTestId('briefing-decisions').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('briefing-map-picture')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'briefing-session-page.png'), fullPage: true });

  const file = join(ARTIFACTS, 'briefing-session.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, width: '8.27in', height: '11.69in', printBackground: true, margin: { top: '12mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  const text = pdfText(file);
  for (const s of ['会商纪要', fixture.title, '主持人', fixture.host, '会商关注事件', '优先抽排，封闭下穿通道', '暴雨橙色预警', '决策记录', '调派两台抽水泵车赴乐坪大道', '市城管局', '发布交通管制提示']) expect(text, s).toContain(s);
  expect(text).toContain('会商标注叠加显示');
  pagesAsPng(file, 'briefing-session');
});
