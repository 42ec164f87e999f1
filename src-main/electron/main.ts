/**
 * The Electron shell: windows, the app protocol, IPC registration and hardening. Everything the
 * console does lives in ConsoleCore, which the browser console host runs too; this file only
 * connects it to Electron.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { EVENT_CHANNELS, type EventName } from '@shared/channels';
import { contentSecurityPolicy } from '@shared/security';
import { operatorAllowsBasicText } from '../services/secret-store';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { utilityProcessLauncher } from './simulator-launcher';
import { ConsoleCore } from '../services/console-core';
import { defaultDataDir } from '../services/paths';
import { registerHandlers } from './ipc';
import { decidePermission, isAllowedExternalUrl } from './permissions';
import { APP_ENTRY_URL, APP_SCHEME, createAssetHandler, isAppUrl } from './protocol';
import { dataDirFromArgv, needsSoftwareGl, SOFTWARE_GL_SWITCHES } from './launch-options';
import { mainWindowOptions } from './window-options';
import { desktopAlerts } from './desktop-alerts';
import { VideoWallWindow } from './wall-window';
import { electronBriefingPrinter } from './briefing-printer';

// Built layout: out/main/index.js (this file), out/main/simulator.js, out/preload/index.cjs,
// out/renderer/. Resolved from the bundle, not the working directory, so it holds when packaged.
const here = import.meta.dirname;
const RENDERER_ROOT = resolve(here, '../renderer');
const PRELOAD = resolve(here, '../preload/index.cjs');
const SIMULATOR = resolve(here, 'simulator.js');

const log = (line: string): void => console.log(`[shell] ${line}`);

// Must happen before `ready`: a standard, secure scheme gets a real origin, so the CSP, fetch
// and module scripts behave as on https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A chosen data directory also becomes the Chromium profile, so consoles on different data
// directories are different instances for the single-instance lock.
// Without one, the window and the console host share the same default data directory.
const dataDirArg = dataDirFromArgv(process.argv);
app.setPath('userData', resolve(dataDirArg ?? defaultDataDir()));

const gpuProbe = {
  env: process.env,
  platform: process.platform,
  hasGpuDevice: process.platform === 'linux' ? existsSync('/dev/dri') : true,
};
if (needsSoftwareGl(gpuProbe)) {
  for (const [name, value] of SOFTWARE_GL_SWITCHES) app.commandLine.appendSwitch(name, value);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  runShell();
}

function runShell(): void {
  let core: ConsoleCore | undefined;
  let quitState: 'running' | 'stopping' | 'stopped' = 'running';

  hardenWebContents();
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!core || quitState === 'stopped') return;
    // Hold the quit until the store is flushed and the simulator child has exited.
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    core
      .stop()
      .catch((err: unknown) => log(`stop failed: ${String(err)}`))
      .finally(() => {
        quitState = 'stopped';
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      applyPermissionTable();
      protocol.handle(APP_SCHEME, createAssetHandler(RENDERER_ROOT, undefined, () => contentSecurityPolicy([...(core?.video.mediaOrigins() ?? []), ...(core?.consultations.collabOrigins() ?? [])], core?.conference.connectOrigins()), () => core?.consultations.downloads));
      const started = await ConsoleCore.start({
        dataDir: app.getPath('userData'),
        shell: 'electron',
        appVersion: app.getVersion(),
        simulator: { entry: SIMULATOR, launch: utilityProcessLauncher },
        // Secrets encrypted with the OS key store; Linux basic_text only if the operator agreed.
        secretStore: (db) => new SafeStorageSecretStore(app.getPath('userData'), { allowBasicText: () => operatorAllowsBasicText(db), log }),
        searchWorker: { file: resolve(here, 'search-worker.js') },
        signalWorker: { file: resolve(here, 'signal-worker.js') },
        log,
      });
      core = started;
      // The briefing PDF: the print page in a hidden window, printed by this Chromium.
      started.briefing.usePrinter(electronBriefingPrinter(PRELOAD, log));
      // The embedded collaboration server listens on loopback for this window (consultations).
      await started.consultations.listenLoopback().catch((err: Error) => log(`collab: ${err.message}`));
      // The video wall is a second window: only the shell can open one.
      const wall = new VideoWallWindow(PRELOAD, app.getPath('userData'), log);
      let consoleWindow: BrowserWindow | undefined;
      const openVideoWall = (): { opened: boolean } => (wall.open(consoleWindow), { opened: true });
      registerHandlers(ipcMain, { handlers: { ...started.handlers, openVideoWall } }, undefined, log);
      forwardEvents(started);
      const main = (consoleWindow = createMainWindow());
      // Desktop notification and taskbar flash for alerting incidents (settings follow changes).
      let settingsNow = await started.handlers.getSettings(undefined);
      started.on('settingsChanged', (s) => (settingsNow = s));
      started.on('incidentsChanged', desktopAlerts({ settings: () => settingsNow, window: () => consoleWindow }));
      app.on('before-quit', () => wall.markQuitting());
      main.once('ready-to-show', () => wall.restore(main));
      // The wall belongs to the console: closing the console window ends both.
      main.on('closed', () => app.quit());
    })
    .catch((err: unknown) => {
      log(`start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      dialog.showErrorBox('娄底市应急联动指挥中心', `The console could not start.\n\n${String(err)}`);
      app.exit(1);
    });
}

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(PRELOAD));
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    log(`could not load the renderer: ${String(err)}`);
    win.show();
  });
  return win;
}

/** Pushes every ConsoleCore event to every live window showing the app. */
function forwardEvents(core: ConsoleCore): void {
  for (const name of Object.keys(EVENT_CHANNELS) as EventName[]) {
    const channel = EVENT_CHANNELS[name];
    core.on(name, (payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
        if (!isAppUrl(win.webContents.getURL())) continue;
        win.webContents.send(channel, payload);
      }
    });
  }
}

/** No navigation away from the app, no new windows, no webviews — for every web contents. */
function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) {
        shell.openExternal(url).catch((err: unknown) => log(`openExternal failed: ${String(err)}`));
      }
      return { action: 'deny' };
    });
  });
}

function applyPermissionTable(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const kinds = 'mediaTypes' in details ? (details.mediaTypes ?? []) : undefined;
    callback(decidePermission(permission, details.requestingUrl, kinds));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission(permission, requestingOrigin, details.mediaType ? [details.mediaType] : undefined),
  );
  // Screen share in a conference: the presenter shares the console window that asked (its map),
  // never another application's window or the whole desktop.
  ses.setDisplayMediaRequestHandler((request, callback) => {
    if (decidePermission('display-capture', request.securityOrigin) && request.frame) callback({ video: request.frame });
    else callback({});
  });
  // WebHID/WebSerial/WebUSB device grants: none.
  ses.setDevicePermissionHandler(() => false);
}
