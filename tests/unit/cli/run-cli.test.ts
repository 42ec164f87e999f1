import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('command line', () => {
  it('prints one JSON object on the last line with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-cli-'));
    try {
      const r = await cli(['info', '--data-dir', dir, '--json']);
      expect(r.code).toBe(0);
      const last = r.out.trimEnd().split('\n').at(-1)!;
      expect(JSON.parse(last)).toMatchObject({ dataDir: dir, incidents: 0, schemaVersion: expect.any(Number) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown command or flag with exit status 2 and the usage', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const r = await cli(['info', '--colour']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: npm run cli -- info');
    expect((await cli([])).out).toContain('info');
  });
});
