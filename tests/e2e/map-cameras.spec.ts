import { expect, test } from './fixtures';
import { mapIdle } from './map-helpers';

test('the cameras layer draws the 10,000-camera catalog without breaking the map', async ({ consoleHost, page }) => {
  await page.goto(consoleHost.url);
  await mapIdle(page);
  await page.getByTestId('layer-cameras').click();
  await mapIdle(page);
  await page.waitForTimeout(1500);
  // Camera ids are 20-digit codes; used as vector-tile feature ids they overflowed and the map failed.
  await expect(page.locator('[data-testid="situation-map"] ~ [role="alert"], .map-error')).toHaveCount(0);
});
