import { operationForChannel, operations, type OperationHandlers } from './contract';
import { fail, ok, type ErrorCode, type Result } from './result';

/** Thrown by a handler to fail with a specific code (NOT_FOUND, …) rather than INTERNAL. */
export class OperationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

/**
 * Runs one request against the handlers: refuses unknown channels, validates the payload against
 * the contract, and turns every outcome into a Result. Both hosts (Electron IPC and the console
 * host's WebSocket) call this, so validation cannot differ between them.
 */
export async function dispatch(
  handlers: OperationHandlers,
  channel: unknown,
  payload: unknown,
  onInternalError?: (err: unknown) => void,
): Promise<Result<unknown>> {
  if (typeof channel !== 'string') return fail('UNKNOWN_OPERATION', 'channel must be a string');
  const name = operationForChannel(channel);
  if (!name) return fail('UNKNOWN_OPERATION', `unknown operation ${channel.slice(0, 80)}`);
  const parsed = operations[name].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    return fail('BAD_REQUEST', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    const handler = handlers[name] as (req: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (err) {
    if (err instanceof OperationError) return fail(err.code, err.message);
    onInternalError?.(err);
    return fail('INTERNAL', 'the operation failed; see the application log');
  }
}
