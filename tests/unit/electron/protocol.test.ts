import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@shared/security';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  contentTypeFor,
  createAssetHandler,
  isAppUrl,
  resolveAppAsset,
} from '../../../src-main/electron/protocol';

const root = join('/srv', 'console', 'renderer');

describe('app origin', () => {
  it('is app://console', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_HOST).toBe('console');
    expect(APP_ENTRY_URL).toBe('app://console/index.html');
  });

  it('recognises only URLs on the app origin', () => {
    expect(isAppUrl('app://console/index.html')).toBe(true);
    expect(isAppUrl('app://console')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://console.evil/index.html')).toBe(false);
    expect(isAppUrl('app://evil@console/index.html')).toBe(false);
    expect(isAppUrl('https://console/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('resolveAppAsset', () => {
  it('maps the root and directories to index.html', () => {
    expect(resolveAppAsset(root, 'app://console/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://console')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://console/geo/')).toBe(join(root, 'geo', 'index.html'));
  });

  it('maps a path to the file under the root, ignoring query and fragment', () => {
    expect(resolveAppAsset(root, 'app://console/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppAsset(root, 'app://console/index.html?x=1#top')).toBe(join(root, 'index.html'));
  });

  it('decodes percent-encoded names (Chinese file names)', () => {
    expect(resolveAppAsset(root, 'app://console/geo/%E5%A8%84%E5%BA%95.json')).toBe(join(root, 'geo', '娄底.json'));
  });

  it('refuses .. traversal', () => {
    expect(resolveAppAsset(root, 'app://console/../../etc/passwd')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/assets/../../secret')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/./index.html')).toBeNull();
  });

  it('refuses encoded traversal', () => {
    expect(resolveAppAsset(root, 'app://console/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/%2E%2E/secret')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/..%5c..%5csecret')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/assets/%2e%2e%2f%2e%2e%2fsecret')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/index.html%00.js')).toBeNull();
    expect(resolveAppAsset(root, 'app://console/%E0%A4%A')).toBeNull();
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'app://console.evil/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'https://console/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('asset handler', () => {
  const files: Record<string, string> = {
    [join(root, 'index.html')]: '<!doctype html>',
    [join(root, 'assets', 'app.js')]: 'export {}',
  };
  const readAsset = async (file: string): Promise<Uint8Array> => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  };
  const handle = createAssetHandler(root, readAsset);

  it('serves index.html with the renderer CSP', async () => {
    const res = await handle(new Request('app://console/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<!doctype html>');
  });

  it('serves module scripts with a JavaScript content type', async () => {
    const res = await handle(new Request('app://console/assets/app.js'));
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files and traversal, 405 for writes', async () => {
    expect((await handle(new Request('app://console/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://console/..%2f..%2fsecret'))).status).toBe(404);
    expect((await handle(new Request('app://console/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('picks content types by extension', () => {
    expect(contentTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.pbf')).toBe('application/x-protobuf');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });
});
