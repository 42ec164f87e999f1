import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { operations, type OperationHandlers } from '@shared/contract';
import type { OperationName } from '@shared/channels';
import { dispatch } from '@shared/dispatch';
import { fail, type Result } from '@shared/result';
import { isAppUrl } from './protocol';

/**
 * True when an IPC message comes from a frame showing the app itself (`app://console/...`).
 * Anything else — a remote page, `file://`, another custom host — is refused.
 */
export function isTrustedSenderUrl(url: string | null | undefined): boolean {
  return isAppUrl(url);
}

/**
 * URL of the frame that sent an IPC message, or undefined. The frame is null once it has
 * navigated away or closed, and reading a disposed frame throws; both count as untrusted.
 */
export function senderFrameUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    return undefined;
  }
}

/** The part of ConsoleCore the IPC layer needs. */
export interface OperationHost {
  readonly handlers: OperationHandlers;
}

/**
 * The only place that calls `ipcMain.handle`: one handler per contract operation. Each checks the
 * sender frame's origin, then lets `dispatch` validate the payload and run the operation, and
 * returns a Result — nothing is thrown across the process boundary. Returns a function that
 * removes the handlers again.
 */
export function registerHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: OperationHost,
  isTrustedSender: (url: string | undefined) => boolean = isTrustedSenderUrl,
  log: (line: string) => void = (line) => console.error(line),
): () => void {
  const channels = (Object.keys(operations) as OperationName[]).map((name) => operations[name].channel);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      const url = senderFrameUrl(event);
      if (!isTrustedSender(url)) {
        log(`ipc: refused ${channel} from ${String(url).slice(0, 120)}`);
        return fail('FORBIDDEN', 'this frame may not call the console');
      }
      return dispatch(core.handlers, channel, payload, (err) =>
        log(`ipc: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      );
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
