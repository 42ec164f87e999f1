import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JanusError, JanusSession } from './janus';

// Beside the code: it needs the DOM's WebSocket type, which the Node-side test project does not have.

/** A WebSocket that answers like Janus: create, attach, and VideoRoom messages (ack, then the event). */
class FakeJanusSocket {
  static OPEN = 1;
  static last: FakeJanusSocket;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeJanusSocket.last = this;
    queueMicrotask(() => this.onopen?.());
  }
  push(m: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  send(text: string): void {
    const m = JSON.parse(text) as Record<string, unknown>;
    this.sent.push(m);
    const t = m.transaction;
    queueMicrotask(() => {
      if (m.janus === 'create') this.push({ janus: 'success', transaction: t, data: { id: 1 } });
      else if (m.janus === 'attach') this.push({ janus: 'success', transaction: t, data: { id: 2 } });
      else if (m.janus === 'message') {
        const body = m.body as { request: string };
        this.push({ janus: 'ack', transaction: t });
        if (body.request === 'join') this.push({ janus: 'event', sender: 2, transaction: t, plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'joined', id: 7, publishers: [] } } });
        else this.push({ janus: 'event', sender: 2, transaction: t, plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'event', error_code: 433, error: 'Unauthorized (wrong pin)' } } });
      }
    });
  }
  close(): void {
    this.readyState = 3;
  }
}

beforeEach(() => vi.stubGlobal('WebSocket', FakeJanusSocket));
afterEach(() => vi.unstubAllGlobals());

describe('JanusSession', () => {
  it('speaks janus-protocol, answers a plugin request with its event (not the ack) and routes later events to the handle', async () => {
    const session = new JanusSession('ws://janus:8188');
    await session.connect();
    expect(FakeJanusSocket.last.protocol).toBe('janus-protocol');
    const handle = await session.attach();
    const joined = await handle.message({ request: 'join', ptype: 'publisher', room: 5, pin: 'p' });
    expect(joined.data).toMatchObject({ videoroom: 'joined', id: 7 });
    const events: unknown[] = [];
    handle.onEvent = (data) => events.push(data);
    FakeJanusSocket.last.push({ janus: 'event', sender: 2, plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'talking', id: 9 } } });
    expect(events).toEqual([{ videoroom: 'talking', id: 9 }]);
    session.close();
    expect(FakeJanusSocket.last.sent.at(-1)).toMatchObject({ janus: 'destroy', session_id: 1 });
  });

  it('turns a VideoRoom error into a JanusError with its code', async () => {
    const session = new JanusSession('ws://janus:8188');
    await session.connect();
    const handle = await session.attach();
    const err = await handle.message({ request: 'configure' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusError);
    expect(err).toMatchObject({ code: 433, message: 'Unauthorized (wrong pin)' });
    session.close();
  });

  it('fails what is pending when the server closes the connection, and says so once', async () => {
    const session = new JanusSession('ws://janus:8188');
    const lost = vi.fn();
    session.onClose = lost;
    await session.connect();
    const socket = FakeJanusSocket.last;
    socket.send = () => {};
    const pending = session.send({ janus: 'attach', session_id: 1 });
    socket.onclose?.();
    await expect(pending).rejects.toThrow(/closed the connection/);
    expect(lost).toHaveBeenCalledTimes(1);
    session.close();
  });
});
