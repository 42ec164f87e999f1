import type { BrowserWindowConstructorOptions } from 'electron';

/** Title of the main window. */
export const WINDOW_TITLE = '娄底市应急联动指挥中心';
/** Painted before the renderer's first frame, so the dark UI does not flash white. */
export const WINDOW_BACKGROUND = '#0b1220';

/**
 * Options for the main console window. Types only from `electron`, so this stays testable under
 * plain Node. The web preferences are Electron's security checklist: the renderer gets no Node,
 * runs sandboxed and isolated, and reaches main only through the preload bridge.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    backgroundColor: WINDOW_BACKGROUND,
    width: 1600,
    height: 960,
    // Below this the map, incident list and detail panel no longer fit side by side.
    minWidth: 1280,
    minHeight: 720,
    // Shown on ready-to-show, so the operator never sees a half-painted window.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped on the window must not replace the console.
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Spellchecking would download dictionaries and underline Chinese place names.
      spellcheck: false,
    },
  };
}
