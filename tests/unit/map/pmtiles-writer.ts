import { zxyToTileId } from 'pmtiles';

/** Writes a minimal, uncompressed PMTiles v3 archive (one root directory) for tests. */
export function writePmtiles(tiles: { z: number; x: number; y: number; data: Buffer }[], opts: { tileType: number; metadata?: unknown }): Buffer {
  const entries = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  const varints: number[] = [];
  const v = (n: number): void => {
    while (n >= 0x80) {
      varints.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    varints.push(n);
  };
  v(entries.length);
  let last = 0;
  for (const e of entries) {
    v(e.id - last);
    last = e.id;
  }
  for (const _ of entries) v(1);
  for (const e of entries) v(e.data.length);
  let offset = 0;
  for (const e of entries) {
    v(offset + 1);
    offset += e.data.length;
  }
  const dir = Buffer.from(varints);
  const meta = Buffer.from(JSON.stringify(opts.metadata ?? {}));
  const data = Buffer.concat(entries.map((e) => e.data));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (pos: number, n: number): void => void h.writeBigUInt64LE(BigInt(n), pos);
  u64(8, 127);
  u64(16, dir.length);
  u64(24, 127 + dir.length);
  u64(32, meta.length);
  u64(40, 0);
  u64(48, 0);
  u64(56, 127 + dir.length + meta.length);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h.writeUInt8(1, 96);
  h.writeUInt8(1, 97);
  h.writeUInt8(1, 98);
  h.writeUInt8(opts.tileType, 99);
  const zs = tiles.map((t) => t.z);
  h.writeUInt8(Math.min(...zs), 100);
  h.writeUInt8(Math.max(...zs), 101);
  h.writeInt32LE(-1800000000, 102);
  h.writeInt32LE(-850000000, 106);
  h.writeInt32LE(1800000000, 110);
  h.writeInt32LE(850000000, 114);
  return Buffer.concat([h, dir, meta, data]);
}
