import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const windows: FakeWindow[] = [];
  interface FakeWindow {
    options: Record<string, unknown>;
    loaded?: string;
    destroyed: boolean;
    printed?: Record<string, unknown>;
    readyState: string;
  }
  class BrowserWindow {
    readonly w: FakeWindow;
    constructor(options: Record<string, unknown>) {
      this.w = { options, destroyed: false, readyState: electron.nextReadyState };
      windows.push(this.w);
    }
    loadURL = async (url: string): Promise<void> => void (this.w.loaded = url);
    isDestroyed = (): boolean => this.w.destroyed;
    destroy = (): void => void (this.w.destroyed = true);
    webContents = {
      executeJavaScript: async (): Promise<string> => this.w.readyState,
      printToPDF: async (o: Record<string, unknown>): Promise<Buffer> => ((this.w.printed = o), Buffer.from('%PDF-1.4 fake')),
    };
  }
  return { windows, BrowserWindow, nextReadyState: 'true' };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

const { electronBriefingPrinter } = await import('../../../src-main/electron/briefing-printer');

describe('Electron briefing printer', () => {
  beforeEach(() => {
    electron.windows.length = 0;
    electron.nextReadyState = 'true';
  });

  it('loads the print route in a hidden sandboxed window, prints A4 with page numbers, and closes the window', async () => {
    const pdf = await electronBriefingPrinter('/app/preload.cjs')('#/briefing?from=1&to=2&orientation=portrait', { landscape: false });
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.4 fake');
    const [w] = electron.windows;
    expect(w!.loaded).toBe('app://console/index.html#/briefing?from=1&to=2&orientation=portrait');
    expect(w!.options).toMatchObject({ show: false, webPreferences: { preload: '/app/preload.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(w!.printed).toMatchObject({ landscape: false, pageSize: 'A4', printBackground: true, displayHeaderFooter: true });
    expect(String(w!.printed!.footerTemplate)).toContain('pageNumber');
    expect(w!.destroyed).toBe(true);
  });

  it('refuses to print a page that reports it could not be drawn, and still closes the window', async () => {
    electron.nextReadyState = 'error';
    const log = vi.fn();
    await expect(electronBriefingPrinter('/p.cjs', log)('#/briefing', { landscape: true })).rejects.toThrow(/could not be drawn/);
    expect(electron.windows[0]!.printed).toBeUndefined();
    expect(electron.windows[0]!.destroyed).toBe(true);
    expect(log).toHaveBeenCalled();
  });
});
