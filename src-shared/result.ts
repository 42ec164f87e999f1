/** Error codes that cross the process boundary. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNKNOWN_OPERATION'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A failure as it crosses the boundary: a code for programs, a message for people. */
export interface ResultError {
  code: ErrorCode;
  message: string;
}

/** What every operation returns instead of throwing across a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
