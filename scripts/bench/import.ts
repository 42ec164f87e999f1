/**
 * `npm run bench -- import [--scale 1] [--ndjson-mb 1024] [--keep 1]`
 *
 * 1. Writes an Open311 `requests.json` with the seed's figures (217,396 grid-governance events in
 *    the 11 categories, named as the platform names them, and 1,964 city-management cases of which
 *    1,878 are closed) and imports it with `cli import` in a child process, timed, its peak RSS
 *    read by /usr/bin/time; then checks the figures with `stats`.
 * 2. The same records as NDJSON repeated (distinct ids) to about `--ndjson-mb` MB, imported the
 *    same way: memory must stay flat whatever the file's size. `--ndjson-mb 0` skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { IndicatorQueries } from '../../src-main/store/indicator-queries';
import { StatsStore } from '../../src-main/store/stats-store';
import { writeSeedExport } from '../../src-main/simulator/seed-export';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(flag('scale') ?? 1);
const ndjsonMb = Number(flag('ndjson-mb') ?? 1024);
const keep = flag('keep') === '1';
const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'cc-bench-import-'));

function runImport(file: string, dataDir: string): { seconds: number; rssMb: number; summary: Record<string, unknown> } {
  if (!existsSync('/usr/bin/time')) throw new Error('needs /usr/bin/time (apt install time) to read peak RSS');
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %e %M', process.execPath, join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(root, 'tsconfig.node.json'), join(import.meta.dirname, '_import-child.ts'), file, dataDir],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`import failed (${r.status}): ${r.stderr.slice(-2000)}`);
  for (const line of r.stderr.split('\n').filter((l) => l.includes('%'))) console.log(`    ${line}`);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, summary: JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown> };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}, ${new Date().toISOString()}`);
try {
  const json = join(work, 'requests.json');
  let t = performance.now();
  const made = writeSeedExport(json, { scale });
  console.log(`\n1. Open311 requests.json: ${made.records.toLocaleString('en')} records, ${(made.bytes / 1e6).toFixed(1)} MB (written in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  const data1 = join(work, 'data-json');
  const r1 = runImport(json, data1);
  console.log(`   import: ${r1.seconds.toFixed(1)} s (${Math.round(made.records / r1.seconds).toLocaleString('en')} records/s), peak RSS ${r1.rssMb.toFixed(0)} MB`);
  console.log(`   summary: accepted ${String(r1.summary.accepted)}, rejected ${String(r1.summary.rejected)}, duplicates ${String(r1.summary.duplicates)}, unmapped ${String(r1.summary.unmappedTotal)}`);
  const db = openDatabase(data1);
  const stats = new StatsStore(db).stats({}, Date.now());
  const cm = new IndicatorQueries(db).indicators({ from: 0, to: Number.MAX_SAFE_INTEGER }, { categories: Object.keys(stats.byCategory).filter((c) => c.startsWith('cm.')) }, Date.now());
  db.close();
  const gg = Object.entries(stats.byCategory).filter(([k]) => k.startsWith('gg.'));
  console.log(`   stats: ${gg.length} grid-governance categories, ${gg.reduce((s, [, n]) => s + n, 0).toLocaleString('en')} events; city management received ${cm.received}, closed ${cm.closed}, closure rate ${(cm.closureRate * 100).toFixed(2)}%`);
  console.log(`   ${gg.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const again = runImport(json, data1);
  console.log(`   again (idempotent): ${again.seconds.toFixed(1)} s, accepted ${String(again.summary.accepted)}, duplicates ${String(again.summary.duplicates)}, peak RSS ${again.rssMb.toFixed(0)} MB`);
  if (!keep) rmSync(data1, { recursive: true, force: true });
  if (!keep) rmSync(json, { force: true });

  if (ndjsonMb > 0) {
    const nd = join(work, 'requests.ndjson');
    const copies = Math.max(1, Math.round((ndjsonMb * 1e6) / made.bytes));
    t = performance.now();
    const big = writeSeedExport(nd, { scale, shape: 'ndjson', copies });
    console.log(`\n2. NDJSON: ${big.records.toLocaleString('en')} records, ${(statSync(nd).size / 1e6).toFixed(0)} MB (written in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    const r2 = runImport(nd, join(work, 'data-ndjson'));
    console.log(`   import: ${r2.seconds.toFixed(1)} s (${Math.round(big.records / r2.seconds).toLocaleString('en')} records/s), peak RSS ${r2.rssMb.toFixed(0)} MB`);
    console.log(`   summary: accepted ${String(r2.summary.accepted)}, rejected ${String(r2.summary.rejected)}`);
  }
  console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept: ${work}`);
}
