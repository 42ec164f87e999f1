import { join } from 'node:path';
import { expect, openConsole, test } from './fixtures';
import { mapIdle, project } from './map-helpers';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');

test('a camera clicked on the map opens in the video view, and its card can be dragged onto a tile', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await mapIdle(page);
  // A camera outside the built-up area with no other camera near it, so nothing else is under the cursor.
  const picked = await page.evaluate(async () => {
    type Cam = { id: string; name: string; lon: number; lat: number; status: string; region: string };
    const r = await (window as unknown as { cc: { listCameras(): Promise<{ ok: boolean; value: Cam[] }> } }).cc.listCameras();
    const all = r.value;
    for (const c of all) {
      if (c.status !== 'online' || c.region === '娄星区') continue;
      const near = all.some((o) => o !== c && Math.abs(o.lon - c.lon) < 0.004 && Math.abs(o.lat - c.lat) < 0.004);
      if (!near) return { id: c.id, name: c.name, lon: c.lon, lat: c.lat };
    }
    return null;
  });
  expect(picked).not.toBeNull();
  const cam = picked!;
  await page.getByTestId('layer-cameras').click();
  await page.evaluate(
    ([lon, lat]) => (window as unknown as { __ccMapProbe: { jumpTo(a: number, b: number, z: number): void } }).__ccMapProbe.jumpTo(lon!, lat!, 16),
    [cam.lon, cam.lat],
  );
  await mapIdle(page);
  const p = await project(page, cam.lon, cam.lat);
  const box = (await page.getByTestId('situation-map').boundingBox())!;
  await page.mouse.click(box.x + p.x, box.y + p.y);
  await expect(page.getByTestId('map-camera-name')).toHaveText(cam.name);
  await page.screenshot({ path: join(ARTIFACTS, 'map-camera.png') });

  // The handle carries the camera the way the tree does, so any tile (here or on the wall) takes it.
  const dragged = await page.evaluate(() => {
    const dt = new DataTransfer();
    document.querySelector('[data-testid="map-camera-drag"]')!.dispatchEvent(new DragEvent('dragstart', { dataTransfer: dt, bubbles: true }));
    return dt.getData('application/x-cc-camera');
  });
  expect(dragged).toBe(cam.id);

  await page.getByTestId('map-camera-open').click();
  await expect(page.locator('main')).toHaveAttribute('data-view', 'video');
  await expect(page.getByText(cam.name).first()).toBeVisible();
});
