import { BrowserWindow } from 'electron';
import { BRIEFING_READY_ATTR } from '@shared/briefing/briefing';
import type { BriefingPrinter } from '../briefing/briefing-service';
import { APP_ENTRY_URL } from './protocol';
import { mainWindowOptions } from './window-options';

/** Page numbers in the bottom margin (digits only: the footer is drawn without the page's web fonts). */
const FOOTER =
  '<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';
const READY_TIMEOUT_MS = 30_000;

/**
 * Resolves when the print page's root says it is drawn ('true') or cannot be ('error'): a
 * MutationObserver on the page, not a poll. Runs in the page.
 */
export const WAIT_FOR_READY_SCRIPT = `new Promise((resolve) => {
  const attr = ${JSON.stringify(BRIEFING_READY_ATTR)};
  const state = () => { const el = document.querySelector('[' + attr + ']'); return el ? el.getAttribute(attr) : null; };
  const done = () => { const s = state(); if (s && s !== 'false') { observer.disconnect(); resolve(s); return true; } return false; };
  const observer = new MutationObserver(done);
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: [attr] });
  done();
})`;

/**
 * The app's printer for the briefing: a hidden window (the console window's hardened options,
 * same preload, same app:// origin) loads the print page, waits for it to say it is drawn and
 * prints it with `webContents.printToPDF` on A4; the window is closed afterwards, whatever happens.
 */
export function electronBriefingPrinter(preloadPath: string, log: (line: string) => void = () => {}): BriefingPrinter {
  return async (route, { landscape }) => {
    const options = mainWindowOptions(preloadPath);
    const win = new BrowserWindow({ ...options, show: false, width: landscape ? 1123 : 794, height: landscape ? 794 : 1123, minWidth: 0, minHeight: 0 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await win.loadURL(`${APP_ENTRY_URL}${route}`);
      const state = await Promise.race([
        win.webContents.executeJavaScript(WAIT_FOR_READY_SCRIPT) as Promise<string>,
        new Promise<string>((_, reject) => (timer = setTimeout(() => reject(new Error('the briefing page was not drawn in time')), READY_TIMEOUT_MS))),
      ]);
      if (state !== 'true') throw new Error('the briefing page could not be drawn');
      const pdf = await win.webContents.printToPDF({
        landscape,
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: FOOTER,
        // Inches: 12 mm at the sides and top, 14 mm at the bottom for the page number.
        margins: { top: 0.47, bottom: 0.55, left: 0.47, right: 0.47 },
      });
      return new Uint8Array(pdf);
    } catch (err) {
      log(`briefing: ${(err as Error).message}`);
      throw err;
    } finally {
      clearTimeout(timer);
      if (!win.isDestroyed()) win.destroy();
    }
  };
}
