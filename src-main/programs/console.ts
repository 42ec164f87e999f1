/**
 * The browser console host:
 *   node out/main/console.js [--data-dir DIR] [--port N] [--host ADDR] [--open] [--seed N] [--no-simulator]
 *     [--allow-host NAMES] [--tls-cert FILE --tls-key FILE] [--session-idle-hours H] [--max-sessions N]
 * Prints one line `Console: <url>` with the per-launch token; open it in a browser.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConsoleHost } from '../console-host/console-host';
import { findChromium, openInAppMode } from '../console-host/browser-launcher';
import { ConsoleCore } from '../services/console-core';
import { ChromiumPrinter } from '../briefing/chromium-printer';
import { defaultDataDir } from '../services/paths';
import { intFlag, parseFlags } from './args';

const flags = parseFlags(
  process.argv.slice(2),
  {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    seed: { type: 'string' },
    'history-hours': { type: 'string' },
    'history-days': { type: 'string' },
    'no-simulator': { type: 'boolean' },
    mqtt: { type: 'string' },
    surge: { type: 'boolean' },
    'allow-host': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'session-idle-hours': { type: 'string' },
    'max-sessions': { type: 'string' },
  },
  'console [--data-dir DIR] [--port N] [--host ADDR] [--open] [--seed N] [--history-days N | --history-hours H] [--no-simulator] [--mqtt URL] [--surge] ' +
    '[--allow-host NAME,NAME] [--tls-cert FILE --tls-key FILE] [--session-idle-hours H] [--max-sessions N]',
);

if (Boolean(flags['tls-cert']) !== Boolean(flags['tls-key'])) {
  process.stderr.write('--tls-cert and --tls-key go together\n');
  process.exit(2);
}
let tls: { cert: Buffer; key: Buffer } | undefined;
try {
  if (flags['tls-cert'] && flags['tls-key']) tls = { cert: readFileSync(flags['tls-cert']), key: readFileSync(flags['tls-key']) };
} catch (err) {
  process.stderr.write(`Cannot read the TLS certificate or key: ${(err as Error).message}\n`);
  process.exit(2);
}
const idleHours = flags['session-idle-hours'] === undefined ? 12 : Number(flags['session-idle-hours']);
if (!(idleHours > 0)) {
  process.stderr.write(`--session-idle-hours must be a positive number, got "${flags['session-idle-hours']}"\n`);
  process.exit(2);
}

/** How long after start the briefing's Chromium is started. */
const PRINTER_WARM_DELAY_MS = 10_000;

const here = import.meta.dirname;
const dataDir = resolve(flags['data-dir'] ?? defaultDataDir());
const version = (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);

let core: ConsoleCore;
try {
  core = await ConsoleCore.start({
    dataDir,
    shell: 'browser',
    appVersion: version,
    searchWorker: { file: join(here, 'search-worker.js') },
    signalWorker: { file: join(here, 'signal-worker.js') },
    simulator: flags['no-simulator']
      ? false
      : {
          entry: join(here, 'simulator.js'),
          seed: flags.seed === undefined ? undefined : intFlag(flags.seed, 'seed', 0),
          historyHours:
            flags['history-hours'] !== undefined
              ? intFlag(flags['history-hours'], 'history-hours', 24)
              : flags['history-days'] !== undefined
                ? intFlag(flags['history-days'], 'history-days', 7) * 24
                : undefined,
          mqttUrl: flags.mqtt,
          surge: flags.surge === true,
        },
    log,
  });
} catch (err) {
  process.stderr.write(`Cannot start the console: ${(err as Error).message}\n`);
  process.exit(1);
}

const host = flags.host ?? '127.0.0.1';
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  log(`listening on ${host}: anyone who can reach this address and has the URL below can use the console`);
}
const consoleHost = new ConsoleHost({
  core,
  rendererDir: join(here, '../renderer'),
  host,
  port: intFlag(flags.port, 'port', 0),
  log,
  mediaOrigins: [...core.video.mediaOrigins(), ...core.consultations.collabOrigins()],
  socketOrigins: core.conference.connectOrigins(),
  collab: core.consultations.engine,
  downloads: core.consultations.downloads,
  allowedHosts: (flags['allow-host'] ?? '').split(',').filter(Boolean),
  tls,
  sessionIdleMs: idleHours * 3_600_000,
  maxSessions: flags['max-sessions'] === undefined ? undefined : Math.max(1, intFlag(flags['max-sessions'], 'max-sessions', 32)),
  // "Log out all screens" replaced the token: the old URL no longer works; here is the new one.
  onNewToken: (newUrl) => void process.stdout.write(`Console: ${newUrl}\n`),
});
let url: string;
try {
  url = await consoleHost.start();
} catch (err) {
  process.stderr.write(`Cannot listen on ${host}: ${(err as Error).message}\n`);
  await core.stop();
  process.exit(1);
}
// The briefing PDF: this host's page printed by Chromium over CDP, logged in with its own short session.
const printer = new ChromiumPrinter(() => consoleHost.printerSession(), log);
core.briefing.usePrinter(printer.print);
// Started ahead of the first 简报 click, so that click does not wait for a browser to start; but not
// at once: the first page to load and the feeds' catch-up have the two cores to themselves first.
setTimeout(() => printer.warm(), PRINTER_WARM_DELAY_MS).unref();
process.stdout.write(`Console: ${url}\n`);
log(`data directory: ${dataDir}`);
log(`accepting the host names ${consoleHost.allowedHostNames().join(', ')} (more with --allow-host)`);
if (!tls && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
  log('serving plain HTTP beyond this machine: the token and session cookie cross the network in clear; use --tls-cert/--tls-key');
}

if (flags.open) {
  const browser = findChromium();
  // The browser's command line is readable by every user of this machine: it gets a one-time
  // code good for one login within a minute, never the token.
  if (browser) openInAppMode(browser, consoleHost.oneTimeUrl(), join(dataDir, 'browser-profile'));
  else log('no Chromium or Chrome found to open the console; open the URL above in a browser');
}

let stopping = false;
const shutdown = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  // Whatever happens, a stop request ends the process within seconds.
  setTimeout(() => {
    log('shutdown took too long; exiting');
    process.exit(1);
  }, 8000).unref();
  await printer.close();
  await consoleHost.stop();
  await core.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
