import { OPERATION_CHANNELS, type EventName, type OperationName } from '@shared/channels';
import type { CcApi, PayloadOf, RequestOf, ResponseOf } from '@shared/contract';
import type { ErrorCode, Result } from '@shared/result';
import { createWebSocketBridge } from './ws-bridge';

/** A failed operation, with the code the host gave. */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

function bridge(): CcApi {
  if (!window.cc) {
    // Not in Electron: we were served by the console host; talk to it over its WebSocket.
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    Object.defineProperty(window, 'cc', {
      value: createWebSocketBridge(`${scheme}://${location.host}/cc-api`),
      writable: false,
      configurable: false,
    });
  }
  return window.cc!;
}

async function call<K extends OperationName>(name: K, request?: RequestOf<K>): Promise<ResponseOf<K>> {
  const fn = bridge()[name] as (r?: unknown) => Promise<Result<ResponseOf<K>>>;
  const result = await fn(request);
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value;
}

/** One function per contract operation: the request in, the unwrapped response out. */
export type Client = {
  [K in OperationName]: RequestOf<K> extends undefined ? () => Promise<ResponseOf<K>> : (request: RequestOf<K>) => Promise<ResponseOf<K>>;
} & {
  /** Subscribe to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

/**
 * The renderer's only way to the host. Stores call this; components call stores.
 * Built from the channel list, as the preload and the WebSocket bridge are: a new contract
 * operation is here without a line changed. Each function unwraps the Result and throws a
 * ClientError on failure.
 */
export const api: Client = Object.freeze({
  ...Object.fromEntries((Object.keys(OPERATION_CHANNELS) as OperationName[]).map((name) => [name, (request?: unknown) => call(name, request as never)])),
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void {
    return bridge().on(event, listener);
  },
}) as Client;
