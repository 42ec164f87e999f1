import { describe, expect, it } from 'vitest';
import { mainWindowOptions, WINDOW_BACKGROUND, WINDOW_TITLE } from '../../../src-main/electron/window-options';

describe('main window options', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('holds the Electron security checklist', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('loads the given preload and paints the dark background with the console title', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(WINDOW_BACKGROUND).toBe('#0b1220');
    expect(options.title).toBe(WINDOW_TITLE);
    expect(WINDOW_TITLE).toBe('娄底市应急联动指挥中心');
  });

  it('has a minimum size and stays hidden until the first paint', () => {
    expect(options.minWidth).toBeGreaterThanOrEqual(1024);
    expect(options.minHeight).toBeGreaterThanOrEqual(600);
    expect(options.show).toBe(false);
  });

  it('returns a fresh object each call so one window cannot change another', () => {
    expect(mainWindowOptions('a')).not.toBe(mainWindowOptions('a'));
  });
});
