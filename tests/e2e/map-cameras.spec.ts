import { expect, openConsole, test } from './fixtures';
import { mapIdle } from './map-helpers';

test('the cameras layer draws the 10,000-camera catalog without breaking the map', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await mapIdle(page);
  await page.getByTestId('layer-cameras').click();
  await mapIdle(page); // the camera source has loaded and is drawn
  // Camera ids are 20-digit codes; used as vector-tile feature ids they overflowed and the map failed.
  await expect(page.locator('[data-testid="situation-map"] ~ [role="alert"], .map-error')).toHaveCount(0);
});
