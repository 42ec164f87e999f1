import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Layering inside the main process (eslint.config.js, docs/architecture.md), proven on planted imports. */
const eslint = new ESLint({ cwd: join(import.meta.dirname, '../../..') });

/** The no-restricted-imports messages ESLint gives `file` for one import of `source`. */
async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as m from '${source}';\nexport const a = m;\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering inside src-main (enforced by lint)', () => {
  it('refuses a store module importing feeds, cases or services', async () => {
    expect(await refusals('src-main/store/planted.ts', '../feeds/feed-hub')).toEqual([expect.stringContaining('The store is the bottom layer')]);
    expect(await refusals('src-main/store/planted.ts', '../cases/case-service')).toEqual([expect.stringContaining('The store is the bottom layer')]);
    expect(await refusals('src-main/store/migrations/planted.ts', '../../services/console-core')).toEqual([expect.stringContaining('The store is the bottom layer')]);
  });

  it('refuses a feed module importing services', async () => {
    expect(await refusals('src-main/feeds/planted.ts', '../services/paths')).toEqual([expect.stringContaining('Feeds import no services')]);
  });

  it('refuses the simulator anywhere but in the simulator and its entry', async () => {
    for (const file of ['src-main/video/planted.ts', 'src-main/services/planted.ts', 'src-main/store/planted.ts', 'src-main/electron/planted.ts']) {
      expect(await refusals(file, '../simulator/grid-events'), file).toEqual([expect.stringContaining('import src-main/simulator')]);
    }
    expect(await refusals('src-main/cli/commands/planted.ts', '../../simulator/simulator')).toHaveLength(1);
    expect(await refusals('src-main/programs/planted.ts', './simulator')).toHaveLength(1);
  });

  it('lets the legal imports through', async () => {
    expect(await refusals('src-main/feeds/planted.ts', '../store/incident-store')).toEqual([]);
    expect(await refusals('src-main/cases/planted.ts', '../store/case-store')).toEqual([]);
    expect(await refusals('src-main/services/planted.ts', '../feeds/feed-hub')).toEqual([]);
    expect(await refusals('src-main/store/planted.ts', './sqlite-file')).toEqual([]);
    expect(await refusals('src-main/store/planted.ts', '@shared/domain/case')).toEqual([]);
    expect(await refusals('src-main/simulator/planted.ts', './grid-events')).toEqual([]);
    expect(await refusals('src-main/programs/simulator.ts', '../simulator/simulator')).toEqual([]);
  });

  it('keeps the rules every main folder inherits (no electron outside src-main/electron)', async () => {
    for (const file of ['src-main/store/planted.ts', 'src-main/feeds/planted.ts', 'src-main/simulator/planted.ts', 'src-main/programs/simulator.ts']) {
      expect(await refusals(file, 'electron'), file).toHaveLength(1);
    }
  });
});
