import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL } from './protocol';
import { mainWindowOptions } from './window-options';
import { chooseWallPlacement, WallWindowStateSchema, type WallWindowState } from './wall-placement';

export const WALL_STATE_FILE = 'video-wall.json';
export const WALL_TITLE = '娄底市应急联动指挥中心 · 视频墙';

function readState(dir: string): WallWindowState | undefined {
  const file = join(dir, WALL_STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const r = WallWindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The video-wall window: the renderer's `#/wall` view in a second window, on another display when
 * there is one. Its tiles are kept by ConsoleCore (panel "wall"); its place on screen, and whether
 * it was open, in video-wall.json, so the wall comes back as it was after a restart.
 */
export class VideoWallWindow {
  private win?: BrowserWindow;
  private quitting = false;

  constructor(
    private readonly preload: string,
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Reopens the wall if it was open when the console last quit. */
  restore(consoleWindow: BrowserWindow): void {
    if (readState(this.dataDir)?.open) this.open(consoleWindow);
  }

  /** The app is quitting: windows closing now do not count as "the operator closed the wall". */
  markQuitting(): void {
    this.quitting = true;
  }

  open(consoleWindow?: BrowserWindow): void {
    if (this.win && !this.win.isDestroyed()) {
      if (this.win.isMinimized()) this.win.restore();
      this.win.focus();
      return;
    }
    const consoleDisplay = consoleWindow ? screen.getDisplayMatching(consoleWindow.getBounds()) : screen.getPrimaryDisplay();
    const place = chooseWallPlacement(screen.getAllDisplays(), consoleDisplay.id, readState(this.dataDir));
    const base = mainWindowOptions(this.preload);
    const win = new BrowserWindow({
      ...base,
      title: WALL_TITLE,
      backgroundColor: '#000000',
      ...place.bounds,
      minWidth: 640,
      minHeight: 360,
      fullscreen: place.fullscreen,
      autoHideMenuBar: true,
    });
    this.win = win;
    win.once('ready-to-show', () => win.show());
    win.on('close', () => this.save(win, !this.quitting));
    win.on('closed', () => (this.win = undefined));
    win.loadURL(`${APP_ENTRY_URL}#/wall`).catch((err: unknown) => this.log(`could not load the video wall: ${String(err)}`));
    this.save(win, true);
  }

  private save(win: BrowserWindow, open: boolean): void {
    if (win.isDestroyed()) return;
    const bounds = win.isFullScreen() ? win.getNormalBounds() : win.getBounds();
    const state: WallWindowState = { open, displayId: screen.getDisplayMatching(win.getBounds()).id, bounds, fullscreen: win.isFullScreen() };
    try {
      writeFileSync(join(this.dataDir, WALL_STATE_FILE), JSON.stringify(state));
    } catch (err) {
      this.log(`could not remember the video wall: ${String(err)}`);
    }
  }
}
