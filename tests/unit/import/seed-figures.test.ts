import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { writeSeedExport } from '../../../src-main/simulator/seed-export';

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, json: JSON.parse(out.trimEnd().split('\n').at(-1) ?? '{}') as Record<string, unknown>, err };
}

const SCALE = 0.01;
let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-seed-'));
  file = join(dir, 'requests.json');
  writeSeedExport(file, { scale: SCALE });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an Open311 export with the seed's figures", () => {
  it('reproduces 1,964 received, 1,878 closed, 95.62% and the 11 grid-governance category counts in stats --json', async () => {
    const imported = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(imported.code).toBe(0);
    const expected = GRID_GOVERNANCE_CATEGORIES.reduce((s, c) => s + Math.round(c.recorded * SCALE), 0) + 1964;
    expect(imported.json).toMatchObject({ accepted: expected, rejected: 0, duplicates: 0, unmappedTotal: 0 });

    const stats = await cli(['stats', '--data-dir', dir, '--json']);
    const byCategory = stats.json.byCategory as Record<string, number>;
    for (const c of GRID_GOVERNANCE_CATEGORIES) expect(byCategory[c.code], c.zh).toBe(Math.round(c.recorded * SCALE));
    // Not one grid-governance record folded into city management's "other".
    expect(Object.entries(byCategory).filter(([k]) => k.startsWith('cm.')).reduce((s, [, n]) => s + n, 0)).toBe(1964);

    const cm = await cli(['stats', '--category', 'cm.*', '--data-dir', dir, '--json']);
    const ind = Object.fromEntries((cm.json.indicators as { id: string; value: number; zh: string }[]).map((i) => [i.id, i]));
    expect(ind.received).toMatchObject({ value: 1964, zh: '受理数' });
    expect(ind.closed).toMatchObject({ value: 1878, zh: '结案数' });
    expect(ind.closureRate).toMatchObject({ value: 0.9562, zh: '结案率' });
  });

  it('imports the same file again without adding anything', async () => {
    const again = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(again.json).toMatchObject({ accepted: 0, rejected: 0 });
    expect(again.json.duplicates).toBeGreaterThan(3000);
  });
});
