// `npm run console -- [--data-dir DIR] [--port N] [--host ADDR] [--open] [--rebuild]`:
// builds the app when `out/` is older than its sources (or with --rebuild), then starts the
// browser console host with the given flags.
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildNeeded } from './build-freshness.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const rebuild = args.includes('--rebuild');
const why = rebuild ? '--rebuild' : buildNeeded(root);
if (why) {
  process.stderr.write(`Building (${why})...\n`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (build.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(build.status ?? 1);
  }
}
const child = spawn(process.execPath, [join(root, 'out/main/console.js'), ...args.filter((a) => a !== '--rebuild')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
