import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports and re-exports (type-only ones too: a circle of types is still a circle to read). */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(dir)) {
    const deps: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!);
      const path = target.endsWith('.ts') ? target : `${target}.ts`;
      if (existsSync(path)) deps.push(path);
    }
    graph.set(file, deps);
  }
  return graph;
}

function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') found.push([...path.slice(path.indexOf(dep)), dep].map((f) => relative(ROOT, f)).join(' → '));
      else if (!state.has(dep)) visit(dep);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('import structure of the main process', () => {
  it('has no import circles in src-main (the cache and the search index share the leaf sqlite-file.ts)', () => {
    const graph = importGraph(join(ROOT, 'src-main'));
    expect(graph.get(join(ROOT, 'src-main/store/search-index.ts'))).not.toContain(join(ROOT, 'src-main/store/database.ts'));
    expect(circles(graph)).toEqual([]);
  });

  it('finds a planted circle', () => {
    const a = join(ROOT, 'a.ts');
    const b = join(ROOT, 'b.ts');
    expect(circles(new Map([[a, [b]], [b, [a]]]))).toEqual(['a.ts → b.ts → a.ts']);
  });
});
