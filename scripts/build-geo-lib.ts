import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { EncodedCollection } from '../src-shared/geo/echarts-decode';

/** Runs an ECharts map module against a stub `echarts` and captures what it registers. */
export function loadEchartsMap(file: string): EncodedCollection {
  let captured: EncodedCollection | undefined;
  const echarts = { registerMap: (_name: string, geo: EncodedCollection) => void (captured = geo) };
  // The module is a UMD wrapper; give it `exports` and `require('echarts')` only.
  runInNewContext(readFileSync(file, 'utf8'), {
    exports: {},
    require: (id: string) => (id === 'echarts' ? echarts : undefined),
    console: { error: () => {} },
  });
  if (!captured) throw new Error(`${file}: no map registered`);
  return captured;
}

