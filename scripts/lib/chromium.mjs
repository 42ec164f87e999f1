/**
 * The one place that chooses the Chromium that tests and benchmarks drive (Playwright's own browser
 * download is not reachable here):
 *   1. `CHROMIUM_PATH`, when set (it must exist);
 *   2. Debian's `chromium` (or another Chromium-family browser at its usual path);
 *   3. otherwise the Chromium shipped inside the `@sparticuz/chromium` npm package (a headless shell
 *      with SwiftShader, its NSS libraries and a few fonts), unpacked once into
 *      node_modules/.cache/ and launched with those libraries and fonts.
 * Synchronous, so that playwright.config.ts can call it while it is being loaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** Launch flags that give WebGL2 without a GPU (SwiftShader) and no background traffic. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian packages for the shared libraries the packaged shell links against (in case its own copies do not load). */
const LIBRARY_PACKAGES = { 'libnss3.so': 'libnss3', 'libnssutil3.so': 'libnss3', 'libnspr4.so': 'libnspr4', 'libplc4.so': 'libnspr4', 'libplds4.so': 'libnspr4', 'libexpat.so.1': 'libexpat1' };

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ executablePath: string, env: Record<string, string> | undefined, args: string[], source: 'CHROMIUM_PATH' | 'system' | 'npm' }}
 */
export function chromiumForTests(env = process.env) {
  const args = [...CHROMIUM_ARGS];
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH points to ${env.CHROMIUM_PATH}, which does not exist`);
    return { executablePath: env.CHROMIUM_PATH, env: undefined, args, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_PATHS.find((p) => isExecutableFile(p));
  if (system) return { executablePath: system, env: undefined, args, source: 'system' };
  const dir = unpackPackagedChromium();
  const executablePath = join(dir, 'chromium');
  const launchEnv = {
    ...stringEnv(env),
    LD_LIBRARY_PATH: [join(dir, 'al2023/lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    FONTCONFIG_FILE: join(dir, 'fonts.conf'),
  };
  ensureLibraries(executablePath, launchEnv);
  return { executablePath, env: launchEnv, args, source: 'npm' };
}

/** A regular, non-empty file (`/dev/null` mounted over the path, as when checking a bare machine, is not a browser). */
function isExecutableFile(path) {
  try {
    const s = statSync(path);
    return s.isFile() && s.size > 0;
  } catch {
    return false;
  }
}

function stringEnv(env) {
  return Object.fromEntries(Object.entries(env).filter((e) => typeof e[1] === 'string'));
}

/** Unpacks the packaged Chromium once per package version; a half-unpacked folder is never used. */
function unpackPackagedChromium() {
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = dirname(dirname(require.resolve('@sparticuz/chromium')));
  } catch {
    throw new Error('No Chromium found: install Debian\'s chromium (apt-get install chromium), set CHROMIUM_PATH, or run npm install (it brings @sparticuz/chromium)');
  }
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const dir = join(root, 'node_modules/.cache/chromium', version);
  if (existsSync(join(dir, 'ready'))) return dir;
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // The package unpacks into the system temporary folder: point that at our folder for one child process.
  const script = `import { inflate } from '@sparticuz/chromium';
const bin = ${JSON.stringify(join(pkgDir, 'bin'))};
await Promise.all(['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br'].map((f) => inflate(bin + '/' + f)));`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { ...process.env, TMPDIR: partial }, stdio: ['ignore', 'ignore', 'inherit'] });
  // Its own fonts, then whatever the machine has (the console brings its Chinese font as a web font).
  writeFileSync(
    join(partial, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
  );
  writeFileSync(join(partial, 'ready'), `${version}\n`);
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(partial, dir);
  } catch (err) {
    // Another process finished first: use its copy.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, 'ready'))) throw err;
  }
  return dir;
}

/**
 * The packaged shell brings its NSS libraries; should the machine's loader still miss one, install the
 * Debian package when we are root with apt (as `playwright install --with-deps` does), otherwise stop
 * with one line naming the command.
 */
function ensureLibraries(executablePath, env) {
  const missing = () => {
    let out = '';
    try {
      out = execFileSync('ldd', [executablePath], { env, encoding: 'utf8' });
    } catch {
      return []; // no ldd: let the launch itself report
    }
    return [...out.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]);
  };
  const libs = missing();
  if (libs.length === 0) return;
  const packages = [...new Set(libs.map((l) => LIBRARY_PACKAGES[l] ?? l.replace(/\.so.*$/, '')))];
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) throw new Error(`Chromium needs ${libs.join(', ')}: run \`${command}\` as root`);
  process.stderr.write(`Chromium needs ${libs.join(', ')}: ${command}\n`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', command.split(' ').slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (missing().length > 0) throw new Error(`Chromium still misses ${missing().join(', ')} after ${command}`);
}

/**
 * Playwright's options for a benchmark's console window: the Chromium chosen above, headless at
 * 1600×900 in Chinese and China's time zone. `gpuCompositing` leaves out `--disable-gpu`, so the
 * page is composited in the GPU process (SwiftShader drawing there too), as the Electron shell
 * starts on a GPU-less machine.
 * @param {{ gpuCompositing?: boolean }} [opts]
 */
export function consoleWindowOptions({ gpuCompositing = false } = {}) {
  const chrome = chromiumForTests();
  return {
    executablePath: chrome.executablePath,
    ...(chrome.env ? { env: chrome.env } : {}),
    headless: true,
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: gpuCompositing ? chrome.args.filter((a) => a !== '--disable-gpu') : chrome.args,
  };
}
