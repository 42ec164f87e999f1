/**
 * The one bridge between the sandboxed renderer and main: `window.cc`, one function per contract
 * operation plus `on` for events. Imports channel names only (types aside), so no schema library
 * ends up in the preload bundle; main validates every request anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, OPERATION_CHANNELS, type EventName } from '@shared/channels';
// Type-only: erased from the bundle, but makes the compiler hold this bridge to the contract.
import type { CcApi } from '@shared/contract';

type Listener = (payload: unknown) => void;

function subscribe(event: unknown, listener: unknown): () => void {
  if (typeof event !== 'string' || !Object.hasOwn(EVENT_CHANNELS, event)) {
    throw new TypeError(`unknown event ${String(event).slice(0, 80)}`);
  }
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const channel = EVENT_CHANNELS[event as EventName];
  // The renderer gets the payload only: the IPC event object would hand it `sender` and ports.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => (listener as Listener)(payload);
  ipcRenderer.on(channel, forward);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, forward);
  };
}

const operations = Object.fromEntries(
  Object.entries(OPERATION_CHANNELS).map(([name, channel]) => [
    name,
    // One argument at most: the contract has one request per operation.
    (request?: unknown) => ipcRenderer.invoke(channel, request),
  ]),
);

/** What the renderer sees as `window.cc`. Frozen so page code cannot swap a function. */
const api = Object.freeze({ ...operations, on: subscribe }) as unknown as CcApi;

contextBridge.exposeInMainWorld('cc', api);
