import { redactSecrets } from '@shared/redact';

/**
 * HTTP GET with the limits a hostile backend calls for: a timeout, a cap on the body size (read
 * chunk by chunk, aborted the moment it is exceeded), and no redirects to other hosts.
 */
export class FetchError extends Error {
  constructor(
    message: string,
    /** The body was larger than allowed: the message is refused, not retried forever. */
    readonly oversize = false,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * `fetch` refuses a URL with userinfo (`https://user:pass@host/…`): the credentials move into an
 * `Authorization: Basic` header and the URL is sent without them.
 */
export function withCredentials(url: string | URL, headers: Record<string, string> = {}): { url: URL; headers: Record<string, string> } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url: u, headers };
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  return { url: u, headers: { ...headers, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } };
}

export async function fetchText(url: string, limits: FetchLimits): Promise<{ text: string; status: number; size: number }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new FetchError(`no answer within ${limits.timeoutMs ?? 15_000} ms`)), limits.timeoutMs ?? 15_000);
  const onAbort = (): void => ctrl.abort(limits.signal?.reason);
  limits.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let res: Response;
    try {
      const req = withCredentials(url, limits.headers);
      res = await fetch(req.url, { headers: req.headers, signal: ctrl.signal, redirect: 'error' });
    } catch (err) {
      throw new FetchError(describe(err, ctrl.signal));
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new FetchError(`HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new FetchError(`body of ${declared} bytes exceeds ${limits.maxBytes}`, true);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limits.maxBytes) {
          await reader.cancel().catch(() => {});
          throw new FetchError(`body exceeds ${limits.maxBytes} bytes`, true);
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof FetchError) throw err;
      throw new FetchError(describe(err, ctrl.signal));
    }
    return { text: Buffer.concat(chunks).toString('utf8'), status: res.status, size };
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', onAbort);
  }
}

function describe(err: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return redactSecrets(e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
}
