import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { expect, openConsole, type RunningConsole, startConsole, stopConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const HOUR = 3_600_000;

/** A grid-governance event as the feed sends it. */
function event(id: string, title: string, reportedAgoMs: number, extra: Record<string, unknown> = {}) {
  return {
    eventId: id,
    categoryCode: 'gg.labour',
    level: 3,
    title,
    content: `网格员上报：${title}，请相关单位核实处置。`,
    lng: 112.0019,
    lat: 27.7299,
    coordSys: 'WGS84',
    gridCode: null,
    address: '娄底市娄星区乐坪大道88号',
    reportTime: new Date(Date.now() - reportedAgoMs).toISOString(),
    state: 'reported',
    unit: null,
    ...extra,
  };
}

/**
 * A backend of our own: a feed that streams the given events, and a case-action endpoint that can
 * be down (503) and whose cases can have moved on (409 with its status).
 */
async function startBackend(events: ReturnType<typeof event>[]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', runId: 'CASES', latestSeq: events.length, serverTime: Date.now() }));
    ws.send(JSON.stringify(events.map((e, i) => ({ type: 'event', seq: i + 1, sentAt: Date.now(), event: e }))));
  });
  const state = { up: true, status: new Map<string, string>(), received: [] as { sourceId: string; action: string }[] };
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (!state.up) return void res.writeHead(503).end();
      const a = JSON.parse(body) as { sourceId: string; action: string; expectedStatus: string; toStatus: string };
      state.received.push(a);
      const current = state.status.get(a.sourceId) ?? 'reported';
      res.setHeader('content-type', 'application/json');
      if (a.action !== 'comment' && current !== a.expectedStatus) return void res.writeHead(409).end(JSON.stringify({ status: current }));
      state.status.set(a.sourceId, a.toStatus);
      res.writeHead(200).end(JSON.stringify({ status: a.toStatus }));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const feedPort = (wss.address() as { port: number }).port;
  const httpPort = (http.address() as { port: number }).port;
  const close = async () => {
    await new Promise<void>((r) => wss.close(() => r()));
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  };
  const files = {
    'case-backends.json': { backends: [{ source: 'city', url: `http://127.0.0.1:${httpPort}/v1/case-actions` }] },
  };
  const feeds = { feeds: [{ id: 'city', name: '综治网格化平台', kind: 'websocket', url: `ws://127.0.0.1:${feedPort}/` }] };
  return { state, close, files, feeds };
}

test.describe('case work', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let c: RunningConsole;

  test.afterEach(async () => {
    await stopConsole(c);
    await backend.close();
  });

  test('a duty officer finds an overdue case, accepts and dispatches it, and the timeline and roles follow', async ({ page }) => {
    backend = await startBackend([
      event('A1', '工地拖欠工资纠纷（长青社区）', 3 * HOUR),
      event('A2', '农民工讨薪求助（月塘社区）', 10 * 60_000),
      event('A3', '邻里噪音纠纷（花山社区）', 5 * 60_000, { categoryCode: 'gg.neighbour', address: '娄底市娄星区月塘街9号' }),
    ]);
    c = await startConsole({ feeds: backend.feeds, files: backend.files });
    await openConsole(page, c.url);
    // The case clock raises the overdue case within its 15 s round, in whatever view is open.
    await expect(page.getByText(/1 起案件超时：工地拖欠工资纠纷/)).toBeVisible();
    // The message sits under the header, clear of the view tabs (its fade-in finished first).
    const toast = page.locator('.n-message').first();
    await expect(toast).toHaveCSS('opacity', '1');
    await expect(page.locator('.n-message-wrapper').first()).toHaveCSS('opacity', '1');
    const [box, tabs] = await Promise.all([toast.boundingBox(), page.getByTestId('nav-cases').boundingBox()]);
    expect(box!.y).toBeGreaterThan(tabs!.y + tabs!.height);
    await page.screenshot({ path: join(ARTIFACTS, 'cases-escalation.png') });
    await page.getByTestId('nav-cases').click();

    // The overdue list: the case reported three hours ago and never accepted, its clock red.
    const overdue = page.getByTestId('overdue-list').getByTestId('case-row');
    await expect(overdue).toHaveCount(1);
    await expect(overdue.first()).toContainText('工地拖欠工资纠纷');
    await expect(overdue.first().getByTestId('case-clock')).toHaveAttribute('data-state', 'overdue');
    await expect(page.getByTestId('stat-overdue')).toHaveText('1');

    // Chinese search: two characters, through the index.
    await page.getByTestId('case-search').locator('input').fill('噪音');
    const hits = page.getByTestId('search-results').getByTestId('case-row');
    await expect(hits).toHaveCount(1);
    await expect(hits.first()).toContainText('邻里噪音纠纷');
    await page.getByTestId('case-search').locator('input').fill('纠纷');
    await expect(page.getByTestId('finder-heading')).toContainText('2');
    await page.getByTestId('case-search').locator('input').fill('');

    // Open the overdue case and work it as the duty officer.
    await overdue.first().click();
    const detail = page.getByTestId('case-detail');
    await expect(detail.getByTestId('case-title')).toHaveText('工地拖欠工资纠纷（长青社区）');
    await expect(detail.getByTestId('case-clock')).toHaveAttribute('data-state', 'overdue');
    await expect(detail.getByTestId('case-clock')).toHaveCSS('background-color', 'rgb(193, 18, 31)');
    await page.screenshot({ path: join(ARTIFACTS, 'cases-overdue.png') });
    await detail.getByTestId('action-acknowledge').click();
    await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'registered');
    await expect(detail.getByTestId('case-clock')).toHaveAttribute('data-state', 'ok');
    await detail.getByTestId('action-dispatch').click();
    await detail.getByTestId('action-unit').click();
    await page.locator('.n-base-select-option').getByText('乐坪街道办', { exact: true }).click();
    await detail.getByTestId('action-note').locator('textarea').fill('请今日内联系施工方核实');
    await detail.getByTestId('action-confirm').click();
    await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'dispatched');
    const timeline = detail.getByTestId('timeline-entry');
    await expect(timeline.filter({ hasText: '受理立案' })).toContainText('值班员（值班员）');
    await expect(timeline.filter({ hasText: '派遣' })).toContainText('乐坪街道办');
    await expect(timeline.filter({ hasText: '派遣' })).toContainText('请今日内联系施工方核实');
    await expect(page.getByTestId('stat-overdue')).toHaveText('0');
    await expect.poll(() => backend.state.received.map((a) => a.action)).toEqual(['acknowledge', 'dispatch']);
    await page.screenshot({ path: join(ARTIFACTS, 'cases-dispatched.png') });

    // Another role, other actions: the handling unit starts work; an analyst can only annotate.
    await page.getByTestId('role-picker').click();
    await page.getByText('处置单位', { exact: true }).click();
    await expect(detail.getByTestId('action-startHandling')).toBeVisible();
    await expect(detail.getByTestId('action-dispatch')).toHaveCount(0);
    await page.getByTestId('role-picker').click();
    await page.getByText('研判人员', { exact: true }).click();
    await expect(detail.getByTestId('case-actions').getByRole('button')).toHaveText(['备注']);

    // Everything on this view speaks English too.
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('finder-heading')).toContainText('Overdue cases');
    await expect(detail.getByTestId('case-actions').getByRole('button')).toHaveText(['Note']);
    await expect(timeline.filter({ hasText: 'Dispatch' })).toContainText('Registered → Dispatched');
    await page.screenshot({ path: join(ARTIFACTS, 'cases-english.png') });
  });

  test('actions taken while the backend is down are kept, replayed when it returns, and a conflict is shown for a decision', async ({ page }) => {
    backend = await startBackend([event('B1', '劳动合同纠纷调解（大科社区）', 20 * 60_000)]);
    backend.state.up = false;
    backend.state.status.set('B1', 'rejected'); // meanwhile, someone at the backend rejected it
    c = await startConsole({ feeds: backend.feeds, files: backend.files });
    await openConsole(page, c.url);
    await page.getByTestId('incident-row').first().click();
    await page.getByTestId('open-case').click();
    const detail = page.getByTestId('case-detail');
    await expect(detail.getByTestId('case-title')).toHaveText('劳动合同纠纷调解（大科社区）');
    await detail.getByTestId('action-acknowledge').click();
    await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'registered');
    await expect(page.getByTestId('outbox')).toHaveAttribute('data-backend', 'offline');
    await expect(page.getByTestId('outbox-pending')).toContainText('1');
    await expect(detail.getByTestId('case-queued')).toContainText('受理立案');
    await page.screenshot({ path: join(ARTIFACTS, 'cases-offline.png') });

    backend.state.up = true;
    const conflict = page.getByTestId('outbox-conflict');
    await expect(conflict).toBeVisible({ timeout: 30_000 });
    await expect(conflict).toContainText('不予立案');
    await expect(page.getByTestId('outbox')).toHaveAttribute('data-backend', 'online');
    await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'registered'); // not overwritten silently
    await page.screenshot({ path: join(ARTIFACTS, 'cases-conflict.png') });

    await conflict.getByTestId('outbox-discard').click();
    await expect(conflict).toHaveCount(0);
    await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'rejected');
    await expect(detail.getByTestId('timeline-entry').last()).toContainText('采用业务系统状态');
  });
});
