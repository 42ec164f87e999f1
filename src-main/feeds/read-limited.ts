import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** A file read under a size limit, or why it was not. */
export type LimitedRead =
  | { kind: 'read'; text: string; size: number; stats: Stats }
  /** Not read: not a regular file (a device, a FIFO, a socket, a directory, a symlink to one) or over the limit. */
  | { kind: 'refused'; reason: string; size: number; stats: Stats }
  /** The caller's `skip` said it has this one already. */
  | { kind: 'skipped'; stats: Stats };

/**
 * Reads a file as UTF-8 without trusting `stat().size`: the file is opened without blocking (a
 * FIFO would otherwise wait for a writer forever), refused unless it is a regular file (a symlink
 * is followed, so one to `/dev/zero` is refused as a device), and its bytes are counted while
 * reading, so a file that grows past the limit is refused too. Errors opening it (missing,
 * unreadable) are thrown.
 */
export async function readRegularFile(path: string, maxBytes: number, skip?: (stats: Stats) => boolean): Promise<LimitedRead> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'refused', reason: `not a regular file (${fileType(stats)})`, size: 0, stats };
    if (skip?.(stats)) return { kind: 'skipped', stats };
    if (stats.size > maxBytes) return { kind: 'refused', reason: `file larger than ${maxBytes} bytes`, size: stats.size, stats };
    const chunks: Buffer[] = [];
    let size = 0;
    const buffer = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) return { kind: 'refused', reason: `file larger than ${maxBytes} bytes`, size, stats };
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return { kind: 'read', text: Buffer.concat(chunks).toString('utf8'), size, stats };
  } finally {
    await handle.close();
  }
}

function fileType(s: Stats): string {
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isDirectory()) return 'a directory';
  return 'not a file';
}
