#!/usr/bin/env node
/**
 * `npm run bench -- <name> [args]`: runs one benchmark from scripts/bench/<name>.ts (or .mjs) and
 * prints its figures. Benchmarks measure speed; unit tests never assert timings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = import.meta.dirname;
const root = join(dir, '../..');
const name = process.argv[2];
const available = readdirSync(dir)
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith('index.') && !f.startsWith('_'))
  .map((f) => f.replace(/\.(ts|mjs)$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [args]\n`);
  process.exit(2);
}
const file = ['ts', 'mjs'].map((e) => join(dir, `${name}.${e}`)).find((f) => existsSync(f));
const args = process.argv.slice(3);
const [cmd, argv] = file.endsWith('.ts')
  ? [process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(root, 'tsconfig.node.json'), file, ...args]]
  : [process.execPath, [file, ...args]];
const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
