#!/usr/bin/env node
// `npm run dist`: package installers with electron-builder (config: electron-builder.yml).
//
// electron-builder is deliberately NOT a devDependency: it is heavy, and it cannot work offline
// anyway — it downloads the Electron release zip, and rebuilding better-sqlite3 for Electron's
// ABI downloads the Electron headers. On a connected build machine:
//   npm install --no-save electron-builder@26 && npm run dist [-- --linux | --win]
// This script checks those preconditions first so an offline run fails with one clear message
// instead of a stack trace from deep inside the downloader. See docs/packaging.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const PROBE_TIMEOUT_MS = 10_000;
const NEEDS_INTERNET =
  'electron-builder needs the Electron release zip and Electron headers (for rebuilding better-sqlite3), ' +
  'which are downloaded from the internet; run `npm run dist` on a connected build machine after ' +
  '`npm install --no-save electron-builder@26`.';

const builderPkg = join(root, 'node_modules', 'electron-builder', 'package.json');
if (!existsSync(builderPkg) || !existsSync(join(root, 'node_modules', '.bin', 'electron-builder'))) {
  fail(`electron-builder is not installed. ${NEEDS_INTERNET}`);
}

const version = readJson(join(root, 'node_modules', 'electron', 'package.json')).version;
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

// Honour the same mirror settings the Electron downloader does.
const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/v';
const releaseUrl = `${mirror}${process.env.ELECTRON_CUSTOM_DIR ?? version}/SHASUMS256.txt`;
const headersUrl = `https://www.electronjs.org/headers/v${version}/SHASUMS256.txt`;

if (!zipIsCached(zipName)) {
  const reason = await unreachable(releaseUrl);
  if (reason) fail(`Cannot obtain ${zipName} (${reason}). ${NEEDS_INTERNET}`);
}
if (!existsSync(join(homedir(), '.electron-gyp', version))) {
  const reason = await unreachable(headersUrl);
  if (reason) fail(`Cannot obtain the Electron ${version} headers (${reason}). ${NEEDS_INTERNET}`);
}

step(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
const builderBin = readJson(builderPkg).bin;
const builderCli = join(root, 'node_modules', 'electron-builder', typeof builderBin === 'string' ? builderBin : builderBin['electron-builder']);
step(process.execPath, [builderCli, '--config', 'electron-builder.yml', '--publish', 'never', ...args]);

function step(command, argv) {
  const result = spawnSync(command, argv, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(result.error.message);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function fail(message) {
  console.error(`npm run dist: ${message}`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Null when the URL answers, else a short reason. */
async function unreachable(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return res.status < 400 ? null : `HTTP ${res.status} from ${new URL(url).host}`;
  } catch (err) {
    const cause = err?.cause?.code ?? err?.name ?? 'network error';
    return `${new URL(url).host}: ${cause}`;
  }
}

/** Whether the Electron downloader's cache already holds the release zip. */
function zipIsCached(name) {
  const dirs = [
    process.env.electron_config_cache,
    process.env.ELECTRON_CACHE,
    process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches', 'electron') : undefined,
    process.platform === 'win32' && process.env.LOCALAPPDATA ? join(process.env.LOCALAPPDATA, 'electron', 'Cache') : undefined,
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron'),
  ].filter(Boolean);
  return dirs.some((dir) => containsFile(dir, name, 2));
}

function containsFile(dir, name, depth) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some(
    (e) => (e.isFile() && e.name === name) || (depth > 0 && e.isDirectory() && containsFile(join(dir, e.name), name, depth - 1)),
  );
}
