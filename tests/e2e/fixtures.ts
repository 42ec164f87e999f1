import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';

export interface RunningConsole {
  /** The URL the host printed, token included. */
  url: string;
  origin: string;
  dataDir: string;
  startedAt: number;
  process: ChildProcess;
}

const root = join(import.meta.dirname, '../..');

/** Starts `node out/main/console.js` on a fresh data directory and waits for its `Console:` line. */
/** Files to place in the data directory first: strings as they are, anything else as JSON. */
/** `beforeStart` runs once the data directory exists (e.g. a command-line import into it). */
export async function startConsole(
  opts: { feeds?: unknown; args?: string[]; files?: Record<string, unknown>; beforeStart?: (dataDir: string) => Promise<void> | void } = {},
): Promise<RunningConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
  if (opts.feeds) writeFileSync(join(dataDir, 'feeds.json'), JSON.stringify(opts.feeds));
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    writeFileSync(join(dataDir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  await opts.beforeStart?.(dataDir);
  const startedAt = Date.now();
  // A day of history keeps each start fast (the console's default is a week).
  const history = opts.args?.some((a) => a.startsWith('--history')) ? [] : ['--history-days', '1'];
  const child = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', ...history, ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`console host did not start:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Console: (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`console host exited with ${code}:\n${stderr}`)));
  });
  return { url, origin: new URL(url).origin, dataDir, startedAt, process: child };
}

export async function stopConsole(c: RunningConsole): Promise<void> {
  if (c.process.exitCode === null) {
    await new Promise<void>((resolve) => {
      c.process.once('exit', () => resolve());
      c.process.kill('SIGTERM');
    });
  }
  rmSync(c.dataDir, { recursive: true, force: true });
}

export const test = base.extend<{ consoleHost: RunningConsole }>({
  consoleHost: async ({}, use) => {
    const c = await startConsole();
    await use(c);
    await stopConsole(c);
  },
});
export { expect };

/**
 * Opens the console and waits for its own readiness signal (`html[data-ready]`: settings, incidents,
 * feeds, alerts and vehicles loaded). The bound is generous: on a busy machine the first load of a
 * fresh host takes a while, and this is a limit, not a wait.
 */
export async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

/**
 * Reads the map canvas back as pixels (through a PNG screenshot decoded in the page) and counts
 * those close to each of the given colours.
 */
export async function countMapColours(page: Page, colours: Record<string, [number, number, number]>, tolerance = 40): Promise<Record<string, number>> {
  const canvas = page.locator('[data-testid="situation-map"] canvas');
  const png = await canvas.screenshot();
  return page.evaluate(
    async ({ b64, colours, tolerance }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const counts: Record<string, number> = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
      for (let i = 0; i < data.length; i += 4) {
        for (const [name, [r, g, b]] of Object.entries(colours)) {
          if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < tolerance) counts[name]! += 1;
        }
      }
      return counts;
    },
    { b64: png.toString('base64'), colours, tolerance },
  );
}
