// What the renderer loads, per view, from the built bundle (out/renderer): the shell (index.html's
// entry and what it imports statically) and, for each view chunk, its own static import closure.
// Usage: node scripts/bench/chunks.mjs   (after `npm run build`)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? join(import.meta.dirname, '../../out/renderer');
if (!existsSync(join(dir, 'index.html'))) {
  process.stderr.write('run `npm run build` first\n');
  process.exit(1);
}
const assets = join(dir, 'assets');
const size = (f) => statSync(join(assets, f)).size;
const staticImports = (f) => [...readFileSync(join(assets, f), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);
function closure(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const f of staticImports(entry)) closure(f, seen);
  return seen;
}
const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))[1];
const shell = closure(entry);
const shellBytes = [...shell].reduce((s, f) => s + size(f), 0);
console.log(`shell (${[...shell].join(', ')}): ${kb(shellBytes)}`);
const views = readdirSync(assets).filter((f) => /^[A-Z]\w*View-.*\.js$/.test(f));
for (const v of views.sort()) {
  const own = [...closure(v)].filter((f) => !shell.has(f));
  const bytes = own.reduce((s, f) => s + size(f), 0);
  console.log(`${v.replace(/-[\w-]+\.js$/, '')}: +${kb(bytes)} (${own.join(', ')}), first load with the shell ${kb(bytes + shellBytes)}`);
}
// The situation view paints its list, filters and panels first and imports the map right after
// (views/SituationView.vue): counted here as part of the first view, beside the first paint.
const map = readdirSync(assets).find((f) => /^SituationMapView-.*\.js$/.test(f));
const situation = views.find((v) => v.startsWith('SituationView-'));
if (map && situation) {
  const firstPaint = new Set([...shell, ...closure(situation)]);
  const own = [...closure(map)].filter((f) => !firstPaint.has(f));
  const paintBytes = [...firstPaint].reduce((s, f) => s + size(f), 0);
  const bytes = own.reduce((s, f) => s + size(f), 0);
  console.log(`situation: first paint ${kb(paintBytes)}; its map right after +${kb(bytes)} (${own.join(', ')}); first view incl. map ${kb(paintBytes + bytes)}`);
}
for (const f of readdirSync(assets).filter((f) => /^(maplibre-gl-worker|hls|mpegts|echarts)/.test(f) && f.endsWith('.js'))) console.log(`${f}: ${kb(size(f))} (loaded on demand or as a worker)`);
