import { join } from 'node:path';
import { safeStorage } from 'electron';
import { readSecretsFile, SECRET_NAME, SECRETS_FILE, writeSecretsFile, type SecretStore } from '../services/secret-store';

/** Encrypted secrets file (each value encrypted by safeStorage, base64), itself 0600. */
export const SAFE_SECRETS_FILE = 'secrets.safe.json';

/** The part of Electron's safeStorage this store uses (the async API). */
export type SafeStorageLike = Pick<
  Electron.SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface SafeStorageSecretOptions {
  /** The operator agreed to Linux's `basic_text` backend (a fixed, public key: obfuscation only). */
  allowBasicText: () => boolean;
  log?: (line: string) => void;
  storage?: SafeStorageLike;
  platform?: NodeJS.Platform;
}

/**
 * Secrets encrypted with the OS key store through Electron's safeStorage (Keychain, DPAPI,
 * libsecret/KWallet). On Linux without a key store safeStorage falls back to `basic_text`, whose
 * key is the same on every machine: refused unless the operator agreed
 * (`npm run cli -- secret --allow-basic-text yes`). Secrets the command line wrote to the
 * owner-only `secrets.json` are moved in (and out of that file) by `importPlaintext()` at start.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly path: string;
  private readonly plainPath: string;
  private readonly storage: SafeStorageLike;

  constructor(
    dataDir: string,
    private readonly o: SafeStorageSecretOptions,
  ) {
    this.path = join(dataDir, SAFE_SECRETS_FILE);
    this.plainPath = join(dataDir, SECRETS_FILE);
    this.storage = o.storage ?? safeStorage;
  }

  get kind(): string {
    return (this.o.platform ?? process.platform) === 'linux' ? `safeStorage (${this.storage.getSelectedStorageBackend()})` : 'safeStorage';
  }

  /** Throws with what to do when secrets cannot be kept safely here. */
  private async usable(): Promise<void> {
    if ((this.o.platform ?? process.platform) === 'linux' && this.storage.getSelectedStorageBackend() === 'basic_text' && !this.o.allowBasicText()) {
      throw new Error(
        'the only key store here is safeStorage "basic_text" (no keyring: the key is not secret); run a keyring ' +
          '(gnome-keyring, KWallet), or agree to it with: npm run cli -- secret --allow-basic-text yes',
      );
    }
    if (!(await this.storage.isAsyncEncryptionAvailable())) throw new Error('safeStorage encryption is not available');
  }

  async get(name: string): Promise<string | undefined> {
    const stored = readSecretsFile(this.path)[name];
    if (stored === undefined) return undefined;
    await this.usable();
    const { result, shouldReEncrypt } = await this.storage.decryptStringAsync(Buffer.from(stored, 'base64'));
    if (shouldReEncrypt) await this.set(name, result);
    return result;
  }

  async set(name: string, value: string): Promise<void> {
    if (!SECRET_NAME.test(name)) throw new Error(`secret name "${name.slice(0, 80)}": letters, digits, . _ -`);
    await this.usable();
    const encrypted = (await this.storage.encryptStringAsync(value)).toString('base64');
    writeSecretsFile(this.path, { ...readSecretsFile(this.path), [name]: encrypted });
  }

  async delete(name: string): Promise<void> {
    const values = readSecretsFile(this.path);
    if (!(name in values)) return;
    delete values[name];
    writeSecretsFile(this.path, values);
  }

  async names(): Promise<string[]> {
    return Object.keys(readSecretsFile(this.path)).sort();
  }

  /** Moves what the command line left in the plain `secrets.json` into this store; returns the names moved. */
  async importPlaintext(): Promise<string[]> {
    const plain = readSecretsFile(this.plainPath);
    const names = Object.keys(plain);
    if (names.length === 0) return [];
    for (const name of names) await this.set(name, plain[name]!);
    writeSecretsFile(this.plainPath, {});
    this.o.log?.(`moved ${names.length} secret(s) from ${SECRETS_FILE} into ${this.kind}`);
    return names;
  }
}
