import { readFileSync } from 'node:fs';
import { FileSecretStore, SECRET_NAME, setOperatorAllowsBasicText } from '../../services/secret-store';
import { openCache } from '../open-cache';
import { CliUsageError, type CliCommand } from '../command';

/** Reads all of stdin (a secret never goes on a command line other users can read with ps). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `secret set NAME [--from-file FILE] | list | delete NAME`, `secret --allow-basic-text yes|no`:
 * the secrets feeds.json and video.json refer to as `{secret:NAME}`, kept in the data directory's
 * owner-only `secrets.json` (0600). The Electron app moves them into safeStorage at its next start.
 * The value is read from stdin (or a file), never from the command line.
 */
export const secretCommand: CliCommand = {
  name: 'secret',
  summary: 'keep a credential for feeds.json / video.json ({secret:NAME}) in the owner-only secret store',
  usage: 'secret set NAME [--from-file FILE] | secret list | secret delete NAME | secret --allow-basic-text yes|no [--data-dir DIR] [--json]',
  options: { 'from-file': { type: 'string' }, 'allow-basic-text': { type: 'string' } },
  async run(ctx, values, [action, name]) {
    const store = new FileSecretStore(ctx.dataDir, ctx.say);
    const agree = values['allow-basic-text'] as string | undefined;
    if (agree !== undefined) {
      if (agree !== 'yes' && agree !== 'no') throw new CliUsageError('--allow-basic-text takes yes or no');
      const db = openCache(ctx);
      try {
        setOperatorAllowsBasicText(db, agree === 'yes');
      } finally {
        db.close();
      }
      ctx.say(agree === 'yes' ? 'the Electron app may keep secrets with safeStorage "basic_text" (not encrypted with a secret key)' : 'safeStorage "basic_text" is refused');
      if (!action) {
        ctx.result({ allowBasicText: agree === 'yes' });
        return 0;
      }
    }
    switch (action) {
      case 'set': {
        if (!name || !SECRET_NAME.test(name)) throw new CliUsageError('secret set NAME: letters, digits, . _ - (up to 64)');
        const from = values['from-file'] as string | undefined;
        const value = (from ? readFileSync(from, 'utf8') : await readStdin()).replace(/\r?\n$/, '');
        if (!value) throw new CliUsageError('the secret is empty (give it on stdin or with --from-file)');
        await store.set(name, value);
        ctx.result({ set: name, store: store.kind });
        return 0;
      }
      case 'delete':
        if (!name) throw new CliUsageError('secret delete NAME');
        await store.delete(name);
        ctx.result({ deleted: name });
        return 0;
      case 'list':
        ctx.result({ names: await store.names(), store: store.kind });
        return 0;
      default:
        throw new CliUsageError('secret set NAME | list | delete NAME');
    }
  },
};
