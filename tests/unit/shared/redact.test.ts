import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecrets, redactUrl } from '@shared/redact';

describe('redaction of secrets in URLs and messages', () => {
  it('strips userinfo and masks secret query values, keeping the rest of the URL', () => {
    const r = redactUrl('https://loudi:p%40ss@cm.example.org:8443/open311/v2/requests.json?jurisdiction_id=loudi&api_key=K123&since=5#x');
    expect(r).toBe('https://cm.example.org:8443/open311/v2/requests.json?jurisdiction_id=loudi&api_key=***&since=5#x');
  });

  it('masks every secret-looking parameter name', () => {
    for (const name of ['token', 'key', 'apikey', 'api_key', 'access_token', 'password', 'secret', 'sig', 'signature', 'tk', 'X-Amz-Signature', 'client_secret', 'authToken']) {
      expect(isSecretName(name), name).toBe(true);
      expect(redactUrl(`http://h/p?${name}=S3CRET`)).not.toContain('S3CRET');
    }
    for (const name of ['since', 'limit', 'jurisdiction_id', 'updated_after', 'format']) expect(isSecretName(name), name).toBe(false);
  });

  it('redacts every URL inside free text, and bare name=value secrets', () => {
    const text =
      'TypeError: Request cannot be constructed from a URL that includes credentials: http://u:hunter2@10.0.0.1/x?token=T0K ' +
      'then wss://a:b@gw.example/ws and password=pw1 limit=5';
    const r = redactSecrets(text);
    for (const secret of ['hunter2', 'T0K', 'a:b@', 'pw1']) expect(r).not.toContain(secret);
    expect(r).toContain('http://10.0.0.1/x?token=***');
    expect(r).toContain('limit=5');
  });

  it('does not throw on text that is not a URL', () => {
    expect(redactUrl('::not a url token=abc')).not.toContain('abc');
    expect(redactSecrets('')).toBe('');
  });
});
