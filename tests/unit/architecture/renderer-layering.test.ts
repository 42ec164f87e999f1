import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '../../..') });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const sfc = (source: string): string => `<script setup lang="ts">\nimport { api } from '${source}';\nvoid api;\n</script>\n\n<template><div /></template>\n`;

describe('renderer layering (enforced by lint)', () => {
  it('refuses the api client in a component or a view: they go through a store', async () => {
    expect(await restricted('src-renderer/src/components/Planted.vue', sfc('../api/client'))).toEqual([expect.stringContaining('through a Pinia store')]);
    expect(await restricted('src-renderer/src/components/video/Planted.vue', sfc('../../api/client'))).toHaveLength(1);
    expect(await restricted('src-renderer/src/views/PlantedView.vue', sfc('../api/client'))).toHaveLength(1);
    expect(await restricted('src-renderer/src/App.vue', sfc('./api/client'))).toHaveLength(1);
    expect(await restricted('src-renderer/src/components/planted.ts', "import { api } from '../api/ws-bridge';\nexport const a = api;\n")).toHaveLength(1);
  });

  it('lets stores use the api client', async () => {
    expect(await restricted('src-renderer/src/stores/planted.ts', "import { api } from '../api/client';\nexport const a = api;\n")).toHaveLength(0);
  });

  it('keeps the process rules for components too', async () => {
    expect(await restricted('src-renderer/src/components/Planted.vue', sfc('electron'))).toHaveLength(1);
  });
});
