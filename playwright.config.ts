import { defineConfig } from '@playwright/test';
import { chromiumForTests } from './scripts/lib/chromium.mjs';

/**
 * End-to-end tests drive the real renderer in Chromium against the console host fed by the built-in
 * simulator. Which Chromium (Debian's, CHROMIUM_PATH, or the one shipped in an npm package) is chosen
 * in scripts/lib/chromium.mjs, shared with the benchmarks.
 */
const browser = chromiumForTests();

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // A bound, not a wait: on two busy cores a test that reads a fresh day of history takes a minute.
  timeout: 180_000,
  // A bound on waiting for the application's own signals, not a wait: generous for a busy machine.
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  // No retries, in CI or here: a test that fails once in ten runs is a bug to find, not to repeat.
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: browser.executablePath,
      // WebGL2 without a GPU (SwiftShader), and no background traffic on a machine with no internet.
      args: browser.args,
      ...(browser.env ? { env: browser.env } : {}),
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
