import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '../../..') });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules (enforced by lint)', () => {
  it('keeps electron inside src-main/electron', async () => {
    expect(await restricted('src-main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restricted('src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });

  it('keeps the renderer away from Node, main, better-sqlite3 and electron', async () => {
    for (const source of ['node:fs', 'electron', 'better-sqlite3', '../../src-main/services/console-core']) {
      expect(await restricted('src-renderer/src/x.ts', `import * as m from '${source}';\nexport const a = m;\n`)).toHaveLength(1);
    }
  });

  it('keeps src-shared pure', async () => {
    for (const source of ['node:path', 'fs', 'ws', 'maplibre-gl', 'vue']) {
      expect(await restricted('src-shared/x.ts', `import * as m from '${source}';\nexport const a = m;\n`)).toHaveLength(1);
    }
    expect(await restricted('src-shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toHaveLength(0);
  });

  it('keeps better-sqlite3 in main only', async () => {
    expect(await restricted('src-preload/x.ts', "import D from 'better-sqlite3';\nexport const a = D;\n")).toHaveLength(1);
    expect(await restricted('src-main/store/x.ts', "import D from 'better-sqlite3';\nexport const a = D;\n")).toHaveLength(0);
  });

  it('refuses HTML strings and v-html', async () => {
    const [ts] = await eslint.lintText("export function f(el: HTMLElement, s: string): void {\n  el.innerHTML = s;\n}\n", { filePath: 'src-renderer/src/x.ts' });
    expect(ts?.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
    const [vue] = await eslint.lintText('<template><div v-html="x"></div></template>\n', { filePath: 'src-renderer/src/X.vue' });
    expect(vue?.messages.some((m) => m.ruleId === 'vue/no-v-html')).toBe(true);
  });
});
