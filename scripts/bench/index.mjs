// `npm run bench -- <name> [args…]`: runs scripts/bench/<name>.ts (benchmarks are not tests: they print figures).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(here).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !existsSync(join(here, `${name}.ts`))) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [args]\n`);
  process.exit(2);
}
const tsx = join(here, '../../node_modules/tsx/dist/cli.mjs');
const child = spawn(process.execPath, [tsx, '--tsconfig', join(here, '../../tsconfig.node.json'), join(here, `${name}.ts`), ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
