import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client made of raw bytes on a TCP socket, for tests that must send what no
 * well-behaved client library would (unmasked frames, reserved opcodes, bad UTF-8, huge lengths).
 */
export interface RawSocket {
  socket: Socket;
  /** Bytes received after the handshake. */
  received(): Buffer;
  /** Resolves when the server ends the connection. */
  closed: Promise<void>;
}

/** Opens a TCP connection and completes a real WebSocket upgrade with the given cookie. */
export function rawUpgrade(port: number, path: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => (closedResolve = r));
    socket.on('close', () => closedResolve());
    socket.on('error', (err) => {
      if (!upgraded) reject(err);
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (upgraded) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
      upgraded = true;
      buf = buf.subarray(end + 4);
      resolve({ socket, received: () => buf, closed });
    });
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    );
  });
}

/**
 * One frame: `first` is the first byte (FIN, RSV bits, opcode); masked as a client must unless
 * `mask` is false; `claimedLength` lets a frame announce more bytes than it carries.
 */
export function frame(first: number, payload: Buffer, { mask = true, claimedLength }: { mask?: boolean; claimedLength?: number } = {}): Buffer {
  const len = claimedLength ?? payload.length;
  let header: Buffer;
  if (len < 126) header = Buffer.from([first, (mask ? 0x80 : 0) | len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

/** A masked text frame with a JSON request. */
export const textFrame = (text: string): Buffer => frame(0x81, Buffer.from(text));

/** The close code and reason of the first close frame in what the server sent, if any. */
export function closeFrameOf(bytes: Buffer): { code: number; reason: string } | undefined {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let len = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (opcode === 0x8) {
      const body = bytes.subarray(start, start + len);
      return { code: body.length >= 2 ? body.readUInt16BE(0) : 1005, reason: body.subarray(2).toString() };
    }
    at = start + len;
  }
  return undefined;
}
