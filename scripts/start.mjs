#!/usr/bin/env node
// `npm start`: build (when out/ is older than the sources, or with --rebuild), then run the
// desktop console in Electron. When Electron cannot run here (its binary is missing and cannot
// be downloaded, or there is no display), run the browser console host instead, which serves the
// same renderer and opens it in an installed Chromium.
// Arguments after `npm start --` are passed through to whichever program starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { buildNeeded } from './build-freshness.mjs';

const root = resolve(import.meta.dirname, '..');
const rebuild = process.argv.includes('--rebuild');
const args = process.argv.slice(2).filter((a) => a !== '--rebuild');
const DOWNLOAD_TIMEOUT_MS = 90_000;

build();

let electron = electronBinary();
let missingReason = '';
if (!electron) {
  console.log('Electron binary is missing; trying to download it (up to 90 s)...');
  missingReason = downloadElectron();
  electron = electronBinary();
}

if (!electron) {
  console.log(
    `Electron binary not available (could not be downloaded: ${missingReason}); starting the browser console host instead.`,
  );
  runConsoleHost();
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log('No display ($DISPLAY and $WAYLAND_DISPLAY are unset); starting the browser console host instead.');
  runConsoleHost();
} else {
  // An inherited ELECTRON_RUN_AS_NODE would make Electron behave as plain Node and ignore the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron, ['.', ...args], env);
}

function build() {
  // Skipped when out/ is newer than every source and configuration file (--rebuild forces it).
  const why = rebuild ? '--rebuild' : buildNeeded(root);
  if (!why) return;
  console.log(`Building (${why})...`);
  // The same build as `npm run build`: map data first, then the three bundles.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) {
    console.error(`Build could not start: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Path of the installed Electron executable, or null. Same lookup as the electron package. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const file = join(dist, relative);
  return existsSync(file) ? file : null;
}

/** Runs the electron package's own installer; returns a short reason when it fails. */
function downloadElectron() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed';
  const result = spawnSync(process.execPath, [installer], {
    cwd: join(root, 'node_modules', 'electron'),
    timeout: DOWNLOAD_TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) {
    const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
    return code === 'ETIMEDOUT' ? `timed out after ${DOWNLOAD_TIMEOUT_MS / 1000} s` : result.error.message;
  }
  if (result.status === 0) return 'the installer finished but no binary appeared';
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT/i.test(l)) ?? lines[0];
  return (line ?? `installer exited with code ${result.status}`).slice(0, 160);
}

function runConsoleHost() {
  const entry = join(root, 'out', 'main', 'console.js');
  const hostArgs = args.includes('--open') ? args : [...args, '--open'];
  run(process.execPath, [entry, ...hostArgs], process.env);
}

/** Runs a child with this terminal, forwards termination signals, exits with its code. */
function run(command, argv, env) {
  const child = spawn(command, argv, { cwd: root, env, stdio: 'inherit' });
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    process.exit(128 + (signal ? (constants.signals[signal] ?? 0) : 1));
  });
}
