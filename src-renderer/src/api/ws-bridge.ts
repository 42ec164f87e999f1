import { EVENT_CHANNELS, OPERATION_CHANNELS, type EventName, type OperationName } from '@shared/channels';
import type { CcApi } from '@shared/contract';
import type { Result } from '@shared/result';

/**
 * The console host's side of `window.cc`: the same API as Electron's preload, carried over one
 * authenticated WebSocket (the session cookie set when the token URL was opened). Requests made
 * while the socket is down wait for it; the socket reconnects with backoff.
 */
export function createWebSocketBridge(url: string): CcApi {
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const connect = (): Promise<WebSocket> => {
    ready ??= new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        attempt = 0;
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (e: MessageEvent<string>) => {
        let msg: { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
        try {
          msg = JSON.parse(e.data);
        } catch {
          return;
        }
        if (typeof msg.id === 'number' && msg.result) {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
        } else if (typeof msg.event === 'string') {
          for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        }
      };
      ws.onclose = (e: CloseEvent) => {
        // 4401: this screen's session ended (idle, or all screens logged out). Reloading shows the
        // host's page that says how to log in again; reconnecting would only be refused.
        if (e.code === 4401) return void location.reload();
        socket = undefined;
        ready = undefined;
        for (const [, done] of pending) done({ ok: false, error: { code: 'UNAVAILABLE', message: 'connection lost' } });
        pending.clear();
        const delay = Math.min(10_000, 300 * 2 ** attempt++);
        setTimeout(() => void connect().then(() => undefined), delay);
      };
    });
    return ready;
  };

  const invoke = async (channel: string, payload: unknown): Promise<Result<unknown>> => {
    const ws = socket ?? (await connect());
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, payload }));
    });
  };

  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(OPERATION_CHANNELS) as [OperationName, string][]) {
    api[name] = (payload?: unknown) => invoke(channel, payload);
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    const channel = EVENT_CHANNELS[event];
    if (!channel) throw new Error(`unknown event ${String(event)}`);
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  void connect();
  return Object.freeze(api) as unknown as CcApi;
}
