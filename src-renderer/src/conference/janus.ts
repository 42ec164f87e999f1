/**
 * A small typed client of the documented Janus JSON API over its WebSocket transport
 * (`janus-protocol`): one session, plugin handles, requests answered by transaction, asynchronous
 * plugin events and trickled ICE candidates. Only what the VideoRoom conference needs.
 */

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A VideoRoom message: `plugindata.data` of a Janus event. */
export type PluginData = Record<string, unknown> & { videoroom?: string; error?: string; error_code?: number };

interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  plugindata?: { plugin: string; data: PluginData };
  jsep?: Jsep;
  error?: { code: number; reason: string };
}

interface Pending {
  resolve: (m: JanusMessage) => void;
  reject: (e: Error) => void;
  /** Plugin messages: resolve on the asynchronous event, not on the ack. */
  async: boolean;
}

export class JanusError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

export class JanusSession {
  private ws?: WebSocket;
  private id?: number;
  private readonly pending = new Map<string, Pending>();
  private readonly handles = new Map<number, JanusHandle>();
  private keepalive?: ReturnType<typeof setInterval>;
  private counter = 0;
  /** Called once when the connection to Janus drops while in use. */
  onClose?: () => void;

  constructor(private readonly url: string) {}

  async connect(): Promise<void> {
    const ws = new WebSocket(this.url, 'janus-protocol');
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new JanusError(`cannot reach the media server at ${this.url}`));
    });
    ws.onmessage = (e) => this.receive(String(e.data));
    ws.onclose = () => {
      this.failAll('the media server closed the connection');
      this.onClose?.();
    };
    const created = await this.send({ janus: 'create' });
    this.id = created.data!.id!;
    this.keepalive = setInterval(() => void this.send({ janus: 'keepalive', session_id: this.id }).catch(() => {}), 25_000);
  }

  async attach(): Promise<JanusHandle> {
    const attached = await this.send({ janus: 'attach', session_id: this.id, plugin: 'janus.plugin.videoroom' });
    const handle = new JanusHandle(this, attached.data!.id!);
    this.handles.set(handle.id, handle);
    return handle;
  }

  /** Ends the session on Janus (its handles and peer connections go with it) and closes the socket. */
  close(): void {
    clearInterval(this.keepalive);
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    ws.onclose = null;
    if (ws.readyState === WebSocket.OPEN && this.id !== undefined) {
      try {
        ws.send(JSON.stringify({ janus: 'destroy', session_id: this.id, transaction: this.tx() }));
      } catch {
        // closing anyway
      }
    }
    ws.close();
    this.failAll('left');
    this.handles.clear();
  }

  forget(handle: number): void {
    this.handles.delete(handle);
  }

  /** Sends a request; plugin messages resolve on their event (`async`), the rest on their reply. */
  send(msg: Record<string, unknown>, async = false): Promise<JanusMessage> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new JanusError('not connected to the media server'));
    const transaction = this.tx();
    return new Promise((resolve, reject) => {
      this.pending.set(transaction, { resolve, reject, async });
      ws.send(JSON.stringify({ ...msg, transaction }));
    });
  }

  private tx(): string {
    this.counter += 1;
    return `${Date.now().toString(36)}-${this.counter}`;
  }

  private failAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new JanusError(reason));
    this.pending.clear();
  }

  private receive(text: string): void {
    let msg: JanusMessage;
    try {
      msg = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const pending = msg.transaction ? this.pending.get(msg.transaction) : undefined;
    if (pending) {
      if (msg.janus === 'ack' && pending.async) return;
      this.pending.delete(msg.transaction!);
      if (msg.janus === 'error') pending.reject(new JanusError(msg.error?.reason ?? 'Janus error', msg.error?.code));
      else if (msg.plugindata?.data.error_code) pending.reject(new JanusError(String(msg.plugindata.data.error ?? 'VideoRoom error'), msg.plugindata.data.error_code));
      else pending.resolve(msg);
      return;
    }
    const handle = msg.sender !== undefined ? this.handles.get(msg.sender) : undefined;
    if (!handle) return;
    if (msg.janus === 'event' && msg.plugindata) handle.onEvent?.(msg.plugindata.data, msg.jsep);
    else if (msg.janus === 'hangup' || msg.janus === 'detached') handle.onHangup?.();
    else if (msg.janus === 'media') handle.onMedia?.(msg as unknown as { type: string; receiving: boolean });
  }

  /** Whether the session is connected and created on Janus. */
  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && this.id !== undefined;
  }

  get sessionId(): number | undefined {
    return this.id;
  }
}

/** A VideoRoom plugin handle: one per publisher or subscriber peer connection. */
export class JanusHandle {
  onEvent?: (data: PluginData, jsep?: Jsep) => void;
  onHangup?: () => void;
  onMedia?: (m: { type: string; receiving: boolean }) => void;

  constructor(
    private readonly session: JanusSession,
    readonly id: number,
  ) {}

  /** A synchronous request (answered with `success`/data right away). */
  async request(body: Record<string, unknown>): Promise<PluginData> {
    const reply = await this.session.send({ janus: 'message', session_id: this.session.sessionId, handle_id: this.id, body });
    return reply.plugindata?.data ?? {};
  }

  /** An asynchronous request (join, publish, start, configure): resolves with its event and JSEP. */
  async message(body: Record<string, unknown>, jsep?: RTCSessionDescriptionInit): Promise<{ data: PluginData; jsep?: Jsep }> {
    const reply = await this.session.send({ janus: 'message', session_id: this.session.sessionId, handle_id: this.id, body, ...(jsep ? { jsep } : {}) }, true);
    return { data: reply.plugindata?.data ?? {}, jsep: reply.jsep };
  }

  /** Sends a local ICE candidate (null: gathering finished). */
  trickle(candidate: RTCIceCandidate | null): void {
    const c = candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { completed: true };
    void this.session.send({ janus: 'trickle', session_id: this.session.sessionId, handle_id: this.id, candidate: c }).catch(() => {});
  }

  async detach(): Promise<void> {
    this.session.forget(this.id);
    await this.session.send({ janus: 'detach', session_id: this.session.sessionId, handle_id: this.id }).catch(() => {});
  }
}
