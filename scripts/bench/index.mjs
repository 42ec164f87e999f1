/**
 * Benchmarks: `npm run bench -- <name> [args]` runs scripts/bench/<name>.ts (or .mjs).
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => /\.(ts|mjs)$/.test(f) && f !== 'index.mjs')
  .map((f) => f.replace(/\.(ts|mjs)$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
  process.exit(2);
}
const ts = join(here, `${name}.ts`);
const file = existsSync(ts) ? ts : join(here, `${name}.mjs`);
const run = spawnSync(process.execPath, [...(file.endsWith('.ts') ? ['--import', 'tsx'] : []), file, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
