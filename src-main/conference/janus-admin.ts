import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** A reply of the VideoRoom plugin to a synchronous request. */
export type VideoRoomReply = Record<string, unknown> & { videoroom?: string; error_code?: number; error?: string };

interface Pending {
  resolve: (msg: Record<string, unknown>) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The host's own connection to Janus over its documented WebSocket API (`janus-protocol`): one
 * session and one VideoRoom handle, used for the requests only the host may make (create or edit a
 * room with the admin key, recording). Reconnects on the next request after a drop.
 */
export class JanusAdmin {
  private ws?: WebSocket;
  private session?: number;
  private handle?: number;
  private connecting?: Promise<void>;
  private readonly pending = new Map<string, Pending>();
  private keepalive?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends a synchronous VideoRoom request and returns the plugin's reply; a Janus error throws. */
  async request(body: Record<string, unknown>): Promise<VideoRoomReply> {
    await this.connect();
    const reply = await this.send({ janus: 'message', session_id: this.session, handle_id: this.handle, body });
    const data = ((reply.plugindata as { data?: VideoRoomReply } | undefined)?.data ?? {}) as VideoRoomReply;
    if (reply.janus === 'error') throw new Error(`Janus: ${(reply.error as { reason?: string } | undefined)?.reason ?? 'error'}`);
    if (data.error_code) throw Object.assign(new Error(`Janus VideoRoom: ${data.error ?? data.error_code}`), { code: data.error_code });
    return data;
  }

  close(): void {
    clearInterval(this.keepalive);
    this.keepalive = undefined;
    const ws = this.ws;
    this.ws = undefined;
    this.session = undefined;
    this.handle = undefined;
    this.connecting = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('Janus connection closed'));
    }
    this.pending.clear();
    ws?.removeAllListeners();
    ws?.on('error', () => {});
    ws?.terminate();
  }

  private connect(): Promise<void> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.handle) return Promise.resolve();
    this.connecting ??= this.open().catch((err: Error) => {
      this.close();
      throw new Error(`cannot reach the Janus server at ${this.url}: ${err.message}`);
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const ws = new WebSocket(this.url, 'janus-protocol', { handshakeTimeout: this.timeoutMs });
    this.ws = ws;
    ws.on('message', (raw) => this.receive(raw.toString()));
    ws.on('close', () => {
      if (this.ws === ws) this.close();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => {});
    const created = await this.send({ janus: 'create' });
    this.session = (created.data as { id: number }).id;
    const attached = await this.send({ janus: 'attach', session_id: this.session, plugin: 'janus.plugin.videoroom' });
    this.handle = (attached.data as { id: number }).id;
    this.keepalive = setInterval(() => {
      void this.send({ janus: 'keepalive', session_id: this.session }).catch(() => {});
    }, 25_000);
    this.keepalive.unref();
  }

  private send(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`no answer to ${String(msg.janus)} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(transaction, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...msg, transaction }));
    });
  }

  private receive(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    // An "ack" only says Janus got the request; wait for the answer with the same transaction.
    if (msg.janus === 'ack' || typeof msg.transaction !== 'string') return;
    const p = this.pending.get(msg.transaction);
    if (!p) return;
    this.pending.delete(msg.transaction);
    clearTimeout(p.timer);
    p.resolve(msg);
  }
}
