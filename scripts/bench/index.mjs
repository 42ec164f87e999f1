#!/usr/bin/env node
/**
 * `npm run bench -- <name>`: runs one benchmark from scripts/bench/<name>.ts (or .mjs) and prints
 * its figures. Benchmarks measure speed; unit tests never assert timings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = import.meta.dirname;
const name = process.argv[2];
const available = readdirSync(dir)
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith('index.') && !f.startsWith('_'))
  .map((f) => f.replace(/\.(ts|mjs)$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}>\n`);
  process.exit(2);
}
const file = ['ts', 'mjs'].map((e) => join(dir, `${name}.${e}`)).find((f) => existsSync(f));
const runner = file.endsWith('.ts') ? ['npx', ['tsx', file, ...process.argv.slice(3)]] : [process.execPath, [file, ...process.argv.slice(3)]];
const r = spawnSync(runner[0], runner[1], { stdio: 'inherit' });
process.exit(r.status ?? 1);
