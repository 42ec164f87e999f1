/**
 * One place that keeps secrets out of what people see: errors, log lines, a feed's last error and
 * endpoint, feed-status events, the camera list. A URL loses its userinfo (`user:pass@`) and the
 * value of every query parameter whose name looks secret; free text has every URL in it treated
 * so, and `name=value` pairs with a secret-looking name masked too.
 */

/** What stands in for a removed secret. */
export const REDACTED = '***';

const SECRET_NAMES = new Set([
  'token', 'key', 'apikey', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'password', 'passwd', 'pwd', 'pass',
  'secret', 'clientsecret', 'sig', 'signature', 'auth', 'authorization', 'credential', 'credentials', 'session',
  'sessionid', 'sid', 'tk', 'jwt', 'bearer', 'xamzsignature', 'xamzcredential', 'xamzsecuritytoken', 'privatekey',
]);

/** A query parameter (or `name=value` pair) whose value must not be shown: `token`, `api_key`, `X-Amz-Signature`, `tk`… */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  return SECRET_NAMES.has(n) || /(token|secret|password|passwd|signature|apikey|privatekey)$/.test(n);
}

/** The URL without userinfo and with secret query values masked; text that is not a URL is returned masked as free text. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return maskPairs(url.replace(/\/\/[^/?#\s@]*@/, '//'));
  }
  u.username = '';
  u.password = '';
  // Rebuild the query by hand: URLSearchParams would re-encode the REDACTED marker.
  if (u.search) {
    const parts = u.search.slice(1).split('&').map((p) => {
      const eq = p.indexOf('=');
      const name = decodeSafe(eq < 0 ? p : p.slice(0, eq));
      return eq >= 0 && isSecretName(name) ? `${p.slice(0, eq)}=${REDACTED}` : p;
    });
    u.search = `?${parts.join('&')}`;
  }
  return u.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** Free text (an error message, a log line) with every URL in it redacted and secret `name=value` pairs masked. */
export function redactSecrets(text: string): string {
  return maskPairs(text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (m) => redactUrl(m)));
}

function maskPairs(text: string): string {
  return text.replace(/([A-Za-z][\w.-]*)=([^\s&"'<>;,]+)/g, (m, name: string) => (isSecretName(name) ? `${name}=${REDACTED}` : m));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
