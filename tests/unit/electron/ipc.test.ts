import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { OPERATION_CHANNELS } from '@shared/channels';
import type { OperationHandlers } from '@shared/contract';
import { isTrustedSenderUrl, registerHandlers, senderFrameUrl } from '../../../src-main/electron/ipc';

type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

/** Records what `registerHandlers` asks of ipcMain. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const handleCalls: string[] = [];
  return {
    handlers,
    handleCalls,
    handle(channel: string, listener: Handler) {
      handleCalls.push(channel);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

const appInfo = {
  name: 'Loudi Emergency Command Console',
  version: '0.1.0',
  shell: 'electron' as const,
  dataDir: '/data',
  startedAt: 0,
  platform: 'linux',
};

function fakeCore() {
  const handlers = {
    appInfo: vi.fn(() => appInfo),
    queryIncidents: vi.fn(() => ({ total: 0, items: [] })),
    getIncident: vi.fn(() => {
      throw new Error('database is locked');
    }),
    feedStatus: vi.fn(() => []),
    getSettings: vi.fn(),
    setSettings: vi.fn(),
  };
  return { handlers: handlers as unknown as OperationHandlers, spies: handlers };
}

const fromFrame = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url } }) as unknown as IpcMainInvokeEvent;
const trusted = fromFrame('app://console/index.html');

function setup() {
  const ipc = fakeIpcMain();
  const core = fakeCore();
  const log = vi.fn();
  const unregister = registerHandlers(ipc, core, undefined, log);
  const call = (channel: string, event: IpcMainInvokeEvent, payload?: unknown) => {
    const handler = ipc.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, payload);
  };
  return { ipc, core, log, unregister, call };
}

describe('isTrustedSenderUrl', () => {
  it('accepts the app page', () => {
    expect(isTrustedSenderUrl('app://console/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://console/')).toBe(true);
  });

  it('refuses other origins', () => {
    for (const url of [
      'http://evil.example',
      'https://evil.example/app://console/',
      'file:///srv/console/out/renderer/index.html',
      'app://other/index.html',
      'app://console.evil/',
      'app://attacker@console/',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSenderUrl(url), url).toBe(false);
    }
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl(null)).toBe(false);
  });
});

describe('senderFrameUrl', () => {
  it('treats a missing or disposed frame as no URL', () => {
    expect(senderFrameUrl(fromFrame(undefined))).toBeUndefined();
    const disposed = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    } as unknown as IpcMainInvokeEvent;
    expect(senderFrameUrl(disposed)).toBeUndefined();
  });
});

describe('registerHandlers', () => {
  it('registers exactly one handler per operation', () => {
    const { ipc } = setup();
    expect([...ipc.handleCalls].sort()).toEqual(Object.values(OPERATION_CHANNELS).sort());
    expect(new Set(ipc.handleCalls).size).toBe(ipc.handleCalls.length);
  });

  it('runs the operation for the app page and returns its Result', async () => {
    const { call, core } = setup();
    await expect(call(OPERATION_CHANNELS.appInfo, trusted)).resolves.toEqual({ ok: true, value: appInfo });
    await expect(call(OPERATION_CHANNELS.queryIncidents, trusted, { limit: 10 })).resolves.toEqual({
      ok: true,
      value: { total: 0, items: [] },
    });
    // The handler sees the validated request, defaults applied.
    expect(core.spies.queryIncidents).toHaveBeenCalledWith({ limit: 10, offset: 0 });
  });

  it('returns FORBIDDEN for an untrusted sender without running the operation', async () => {
    const { call, core, log } = setup();
    for (const event of [fromFrame('http://evil.example/'), fromFrame('file:///tmp/x.html'), fromFrame('app://other/'), fromFrame(undefined)]) {
      const result = await call(OPERATION_CHANNELS.appInfo, event);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(core.spies.appInfo).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalled();
  });

  it('returns BAD_REQUEST for a payload the contract refuses', async () => {
    const { call, core } = setup();
    await expect(call(OPERATION_CHANNELS.queryIncidents, trusted, { limit: 'all' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    await expect(call(OPERATION_CHANNELS.getIncident, trusted, { id: 'a', extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(core.spies.queryIncidents).not.toHaveBeenCalled();
    expect(core.spies.getIncident).not.toHaveBeenCalled();
  });

  it('turns a thrown error into INTERNAL without leaking its message', async () => {
    const { call, log } = setup();
    const result = await call(OPERATION_CHANNELS.getIncident, trusted, { id: 'inc-1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('database is locked');
    expect(log.mock.calls.some(([line]) => String(line).includes('database is locked'))).toBe(true);
  });

  it('can take a custom sender check', async () => {
    const ipc = fakeIpcMain();
    registerHandlers(ipc, fakeCore(), () => false, () => {});
    const handler = ipc.handlers.get(OPERATION_CHANNELS.appInfo);
    await expect(handler?.(trusted, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('removes every handler it registered', () => {
    const { ipc, unregister } = setup();
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
