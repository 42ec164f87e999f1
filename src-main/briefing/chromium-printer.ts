import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumForTests } from '../../scripts/lib/chromium.mjs';
import { BRIEFING_READY_ATTR } from '@shared/briefing/briefing';
import type { BriefingPrinter } from './briefing-service';

/** Where the printing browser opens the renderer: an origin, a session cookie for it, and what to do after. */
export interface PrintTarget {
  origin: string;
  cookie: { name: string; value: string };
  end(): void;
}

/** A4 in inches, the unit of CDP's `Page.printToPDF`. */
export const A4_INCHES = { width: 8.27, height: 11.69 } as const;
/** Page numbers, drawn by Chromium in the bottom margin of every page (digits only: the footer has no web fonts). */
export const PAGE_FOOTER =
  '<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';
/** How long the page may take to draw everything before the print is refused. */
const READY_TIMEOUT_MS = 30_000;

/**
 * The briefing printed by Chromium over CDP (`Page.printToPDF`): the console host's and the
 * command line's printer. The browser is the one the tests use (scripts/lib/chromium.mjs: Debian's,
 * else the one shipped in an npm package), started on the first print and kept for the next.
 */
export class ChromiumPrinter {
  private browser?: Promise<Browser>;
  /** One context for every print: the renderer's files stay in its cache; each print has its own page and session. */
  private context?: Promise<BrowserContext>;

  constructor(
    private readonly target: () => PrintTarget | null,
    private readonly log?: (line: string) => void,
  ) {}

  readonly print: BriefingPrinter = async (route, { landscape }) => {
    const target = this.target();
    if (!target) throw new Error('no session is free for printing: log out idle screens');
    const context = await this.openContext();
    const pages: Page[] = [];
    try {
      const url = new URL(target.origin);
      await context.addCookies([{ name: target.cookie.name, value: target.cookie.value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Strict', secure: url.protocol === 'https:' }]);
      const page = await context.newPage();
      pages.push(page);
      await page.setViewportSize(landscape ? { width: 1123, height: 794 } : { width: 794, height: 1123 });
      page.on('pageerror', (err) => this.log?.(`briefing page: ${err.message}`));
      await page.goto(`${target.origin}/${route}`);
      const root = page.locator(`[${BRIEFING_READY_ATTR}]`);
      // Drawn (true) or failed (error): anything but the initial false.
      await page.locator(`[${BRIEFING_READY_ATTR}="true"], [${BRIEFING_READY_ATTR}="error"]`).waitFor({ state: 'attached', timeout: READY_TIMEOUT_MS });
      const state = await root.getAttribute(BRIEFING_READY_ATTR);
      if (state !== 'true') throw new Error(`the briefing page could not be drawn: ${(await root.getAttribute('data-briefing-error')) ?? state}`);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({
        width: landscape ? `${A4_INCHES.height}in` : `${A4_INCHES.width}in`,
        height: landscape ? `${A4_INCHES.width}in` : `${A4_INCHES.height}in`,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: PAGE_FOOTER,
        margin: { top: '12mm', bottom: '14mm', left: '12mm', right: '12mm' },
      });
      return new Uint8Array(pdf);
    } finally {
      for (const p of pages) await p.close().catch(() => {});
      target.end();
    }
  };

  /** Starts the browser ahead of the first print (the console host does, so the first click is as quick as the next). */
  warm(): void {
    this.openContext().catch((err: unknown) => this.log?.(`briefing: no Chromium to print with (${(err as Error).message})`));
  }

  private openContext(): Promise<BrowserContext> {
    this.context ??= this.launch().then((b) => b.newContext({ ignoreHTTPSErrors: true }));
    this.context.catch(() => (this.context = undefined));
    return this.context;
  }

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const found = chromiumForTests();
      this.log?.(`briefing: printing with ${found.executablePath} (${found.source})`);
      const browser = await chromium.launch({ executablePath: found.executablePath, env: found.env, args: found.args, headless: true });
      browser.on('disconnected', () => {
        this.browser = undefined;
        this.context = undefined;
      });
      return browser;
    })();
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    this.context = undefined;
    if (b) await (await b.catch(() => undefined))?.close().catch(() => {});
  }
}
