import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The real `electron` package tries to download its binary when imported under Node. This
// stand-in "encrypts" by reversing and tagging: enough to see that what is stored is not the secret.
const fake = vi.hoisted(() => ({
  backend: 'gnome_libsecret' as string,
  available: true,
}));
vi.mock('electron', () => ({
  safeStorage: {
    getSelectedStorageBackend: () => fake.backend,
    isAsyncEncryptionAvailable: async () => fake.available,
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${[...s].reverse().join('')}`),
    decryptStringAsync: async (b: Buffer) => ({ shouldReEncrypt: false, result: [...b.toString().slice(4)].reverse().join('') }),
  },
}));

const { SafeStorageSecretStore } = await import('../../../src-main/electron/safe-storage-secrets');
const { FileSecretStore } = await import('../../../src-main/services/secret-store');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-safe-'));
  fake.backend = 'gnome_libsecret';
  fake.available = true;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets in the Electron app (safeStorage)', () => {
  it('stores each secret encrypted, in a 0600 file, and reads it back', async () => {
    const store = new SafeStorageSecretStore(dir, { allowBasicText: () => false, platform: 'linux' });
    await store.set('basemap.tianditu.token', 'tk-123');
    const file = join(dir, 'secrets.safe.json');
    expect(readFileSync(file, 'utf8')).not.toContain('tk-123');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get('basemap.tianditu.token')).toBe('tk-123');
    expect(store.kind).toBe('safeStorage (gnome_libsecret)');
  });

  it('refuses Linux basic_text unless the operator agreed', async () => {
    fake.backend = 'basic_text';
    let agreed = false;
    const store = new SafeStorageSecretStore(dir, { allowBasicText: () => agreed, platform: 'linux' });
    await expect(store.set('x', 'v')).rejects.toThrow(/basic_text.*--allow-basic-text yes/);
    agreed = true;
    await store.set('x', 'v');
    expect(await store.get('x')).toBe('v');
    // Elsewhere (Keychain, DPAPI) the Linux backend name does not apply.
    agreed = false;
    expect(await new SafeStorageSecretStore(dir, { allowBasicText: () => false, platform: 'win32' }).get('x')).toBe('v');
  });

  it('moves what the command line left in secrets.json into safeStorage and empties that file', async () => {
    await new FileSecretStore(dir).set('cm-pw', 'plain-pw');
    const store = new SafeStorageSecretStore(dir, { allowBasicText: () => false, platform: 'linux' });
    expect(await store.importPlaintext()).toEqual(['cm-pw']);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('plain-pw');
    expect(await store.get('cm-pw')).toBe('plain-pw');
  });

  it('says so when encryption is not available', async () => {
    fake.available = false;
    await expect(new SafeStorageSecretStore(dir, { allowBasicText: () => true, platform: 'linux' }).set('x', 'v')).rejects.toThrow(/not available/);
  });
});
