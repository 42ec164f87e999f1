import { zipSync, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipEntries } from './archive-file';

describe('reading a zip by its central directory', () => {
  const files = {
    'manifest.json': strToU8('{"format":"loudi-consultation-archive"}'),
    'summary.json': strToU8(JSON.stringify({ title: '内涝会商'.repeat(200) })),
    'recordings/rec-20260101T000000Z-abcdef.webm': new Uint8Array(300_000).fill(7),
  };
  const zip = zipSync({ ...files, 'recordings/rec-20260101T000000Z-abcdef.webm': [files['recordings/rec-20260101T000000Z-abcdef.webm'], { level: 0 }] }, { level: 6 });

  it('reads the kept files (deflated or stored) and never the bytes of the others', async () => {
    const read: [number, number][] = [];
    const blob = new Blob([zip]);
    const spy = { size: blob.size, slice: (a: number, b: number) => (read.push([a, b]), blob.slice(a, b)) } as unknown as Blob;
    const got = await readZipEntries(spy, (n) => !n.startsWith('recordings/'));
    expect(Object.keys(got).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(got['summary.json']).toEqual(unzipSync(zip)['summary.json']);
    expect(read.reduce((n, [a, b]) => n + (b - a), 0)).toBeLessThan(100_000);
    const stored = await readZipEntries(blob, () => true);
    expect(stored['recordings/rec-20260101T000000Z-abcdef.webm']!.length).toBe(300_000);
  });

  it('refuses what is not a zip', async () => {
    await expect(readZipEntries(new Blob(['not a zip at all']), () => true)).rejects.toThrow(/end of central directory/);
  });
});
