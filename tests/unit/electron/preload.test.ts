import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, OPERATION_CHANNELS } from '@shared/channels';

// The real `electron` package tries to download its binary when imported under Node.
const bridge = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } })),
    emit(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'raw ipc event' }, payload);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: bridge.invoke,
    on(channel: string, listener: (event: unknown, payload: unknown) => void) {
      const set = bridge.listeners.get(channel) ?? new Set();
      set.add(listener);
      bridge.listeners.set(channel, set);
    },
    removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
      bridge.listeners.get(channel)?.delete(listener);
    },
  },
}));

type Api = Record<string, unknown> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};
let cc: Api;

beforeAll(async () => {
  await import('../../../src-preload/index');
  cc = bridge.exposed.get('cc') as Api;
});

describe('preload bridge', () => {
  it('exposes one frozen window.cc with one function per operation plus on', () => {
    expect([...bridge.exposed.keys()]).toEqual(['cc']);
    expect(Object.isFrozen(cc)).toBe(true);
    expect(Object.keys(cc).sort()).toEqual([...Object.keys(OPERATION_CHANNELS), 'on'].sort());
    for (const value of Object.values(cc)) expect(typeof value).toBe('function');
  });

  it('invokes the operation channel with the request', async () => {
    const queryIncidents = cc.queryIncidents as (req: unknown) => Promise<unknown>;
    await expect(queryIncidents({ limit: 5 })).resolves.toEqual({
      ok: true,
      value: { channel: OPERATION_CHANNELS.queryIncidents, payload: { limit: 5 } },
    });
    expect(bridge.invoke).toHaveBeenCalledWith(OPERATION_CHANNELS.queryIncidents, { limit: 5 });
  });

  it('passes listeners the payload only, never the IPC event', () => {
    const listener = vi.fn();
    const off = cc.on('incidentsChanged', listener);
    bridge.emit(EVENT_CHANNELS.incidentsChanged, { upserted: [], total: 3 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ upserted: [], total: 3 }]);
    off();
    bridge.emit(EVENT_CHANNELS.incidentsChanged, { upserted: [], total: 4 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(bridge.listeners.get(EVENT_CHANNELS.incidentsChanged)?.size).toBe(0);
  });

  it('refuses unknown event names and non-function listeners', () => {
    expect(() => cc.on('cc:incidents:changed', () => {})).toThrow(TypeError);
    expect(() => cc.on('toString', () => {})).toThrow(TypeError);
    expect(() => cc.on('feedsChanged', 'not a function' as never)).toThrow(TypeError);
  });
});
