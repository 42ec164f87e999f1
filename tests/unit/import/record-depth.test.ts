import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonDepthGuard, MAX_JSON_DEPTH, readRecords } from '../../../src-main/import/record-reader';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-depth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<{ items: unknown[]; bad: { reason: string }[] }> {
  const items: unknown[] = [];
  const bad: { reason: string }[] = [];
  for await (const b of readRecords(file)) {
    items.push(...b.items);
    bad.push(...b.bad);
  }
  return { items, bad };
}

describe('JSON nesting while a file streams', () => {
  it('counts brackets outside strings only, across chunks, escaped quotes included', () => {
    const guard = new JsonDepthGuard(3);
    expect(guard.scan('[{"a":"[[[[{{{{","b":"\\"[[[["')).toBe(-1);
    expect(guard.scan(',"c":[1]}')).toBe(-1); // back to depth 1
    expect(guard.scan(',[[[')).toBe(3); // the third bracket makes depth 4
  });

  it('keeps the records before a deep part, refuses the rest of the file once, and reads a record at the depth limit', async () => {
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH - 1)}{"eventId":"deepest"}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const file = join(dir, 'mixed.json');
    writeFileSync(file, `[{"eventId":"a"},{"eventId":"b"},${atLimit},${'['.repeat(100_000)}${']'.repeat(100_000)},{"eventId":"after"}]`);
    const { items, bad } = await readAll(file);
    expect(items.slice(0, 2)).toEqual([{ eventId: 'a' }, { eventId: 'b' }]);
    expect(items).toHaveLength(3);
    expect(bad).toEqual([{ reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, text: expect.any(String) }]);
  });

  it('stops a 100,000-deep object at the limit instead of parsing it (it took the parser 11 s)', async () => {
    const file = join(dir, 'deep-object.json');
    writeFileSync(file, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    const { items, bad } = await readAll(file);
    expect(items).toEqual([]);
    expect(bad.map((b) => b.reason)).toEqual([`JSON nested deeper than ${MAX_JSON_DEPTH} levels`]);
  });
});
