import { inflateSync, strFromU8 } from 'fflate';

/** The largest zip central directory read (its entries only; a consultation archive has a handful). */
const MAX_DIRECTORY_BYTES = 1024 * 1024;
/** End of central directory: 22 bytes and a comment of at most 64 KiB. */
const EOCD_SEARCH = 22 + 0xffff;

export class NotAZip extends Error {}

/**
 * The files of a zip `Blob` that `keep` accepts, read without loading the whole file: the central
 * directory from the end, then only each kept entry's bytes (`Blob.slice`). An archive with a
 * gigabyte of recordings is opened by reading its few small files. Stored and deflated entries
 * only (what fflate writes); no ZIP64.
 */
export async function readZipEntries(file: Blob, keep: (name: string) => boolean): Promise<Record<string, Uint8Array>> {
  const bytesOf = async (from: number, to: number): Promise<Uint8Array> => new Uint8Array(await file.slice(from, to).arrayBuffer());
  const tailStart = Math.max(0, file.size - EOCD_SEARCH);
  const tail = await bytesOf(tailStart, file.size);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotAZip('no end of central directory');
  const count = tv.getUint16(eocd + 10, true);
  const dirSize = tv.getUint32(eocd + 12, true);
  const dirOffset = tv.getUint32(eocd + 16, true);
  if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > file.size) throw new NotAZip('central directory out of range');
  const dir = await bytesOf(dirOffset, dirOffset + dirSize);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const out: Record<string, Uint8Array> = {};
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== 0x02014b50) throw new NotAZip('broken central directory');
    const method = dv.getUint16(p + 10, true);
    const compressed = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    const name = strFromU8(dir.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (!keep(name)) continue;
    if (local + 30 > file.size) throw new NotAZip(`${name}: out of range`);
    const head = await bytesOf(local, local + 30);
    const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (hv.getUint32(0, true) !== 0x04034b50) throw new NotAZip(`${name}: no local header`);
    const start = local + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
    if (start + compressed > file.size) throw new NotAZip(`${name}: out of range`);
    const data = await bytesOf(start, start + compressed);
    if (method === 0) out[name] = data;
    else if (method === 8) out[name] = inflateSync(data, { out: new Uint8Array(size) });
    else throw new NotAZip(`${name}: compression method ${method} is not supported`);
  }
  return out;
}
