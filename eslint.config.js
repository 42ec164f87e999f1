// @ts-check
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util',
  'events', 'stream', 'stream/*', 'worker_threads', 'vm', 'module', 'zlib', 'dns', 'tls', 'readline', 'process',
];

/** What any renderer file may not import. */
const RENDERER_LAYER = [
  { group: NODE_BUILTINS, message: 'The renderer has no Node.' },
  { group: ['electron', 'electron/*', 'better-sqlite3', 'ws'], message: 'The renderer reaches the host only through api/client.ts.' },
  { group: ['**/src-main/**', '**/src-preload/**'], message: 'The renderer never imports main or the preload.' },
];

/** Layering, enforced: what each folder may import (see docs/architecture.md). */
const layer = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** What every service folder of src-main refuses (src-main/electron/** excepted, which is the Electron shell). */
const MAIN = [
  { group: ['electron', 'electron/*'], message: 'Services stay Electron-free; only src-main/electron/** may import electron.' },
  { group: ['maplibre-gl', 'echarts', 'vue', 'pinia', 'naive-ui'], message: 'UI libraries belong to the renderer.' },
  { group: ['**/src-renderer/**', '**/src-preload/**'], message: 'main does not import the renderer or the preload.' },
];
/** The simulator is its own process: only its entry imports it; the console reaches it over its protocols. */
const SIMULATOR_SIDE = ['src-main/simulator/**/*.ts', 'src-main/programs/simulator.ts'];
const NO_SIMULATOR = {
  regex: '^(\\.\\.?/)+simulator(/|$)',
  message: 'Only the simulator and its entry (src-main/programs/simulator.ts) import src-main/simulator; the console talks to it over its protocols.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'src-renderer/public/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/no-v-html': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'No HTML strings: build DOM nodes with textContent.' },
        { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'No HTML strings.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No HTML strings.' },
        { selector: "CallExpression[callee.property.name='setHTML']", message: 'No HTML strings into map popups: use setDOMContent.' },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: layer([
      { group: NODE_BUILTINS, message: 'src-shared is pure TypeScript: no Node built-ins.' },
      { group: ['electron', 'better-sqlite3', 'ws', 'maplibre-gl', 'echarts', 'vue', 'pinia', 'naive-ui'], message: 'src-shared imports nothing environmental.' },
      { group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**'], message: 'src-shared depends on nothing else in the app.' },
    ]),
  },
  // Inside src-main (a later block's no-restricted-imports replaces an earlier one for the same
  // file, so each folder's list repeats the main-process rules it inherits).
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', ...SIMULATOR_SIDE],
    rules: layer([...MAIN, NO_SIMULATOR]),
  },
  {
    files: SIMULATOR_SIDE,
    rules: layer(MAIN),
  },
  {
    files: ['src-main/store/**/*.ts'],
    rules: layer([
      ...MAIN,
      NO_SIMULATOR,
      { regex: '^(\\.\\./)+(feeds|cases|services)(/|$)', message: 'The store is the bottom layer of main: it imports no feeds, cases or services (they import the store).' },
    ]),
  },
  {
    files: ['src-main/feeds/**/*.ts'],
    rules: layer([
      ...MAIN,
      NO_SIMULATOR,
      { regex: '^(\\.\\./)+services(/|$)', message: 'Feeds import no services: ConsoleCore composes the feeds, not the other way round (feed configuration lives in feeds/).' },
    ]),
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: layer([
      { group: ['maplibre-gl', 'echarts', 'vue', 'pinia', 'naive-ui'], message: 'UI libraries belong to the renderer.' },
      { group: ['**/src-renderer/**'], message: 'main does not import the renderer.' },
      NO_SIMULATOR,
    ]),
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: layer([
      { group: ['better-sqlite3', 'ws', 'maplibre-gl', 'echarts', 'vue', 'zod'], message: 'The preload is one small bridge.' },
      { group: ['**/src-main/**', '**/src-renderer/**'], message: 'The preload imports only the shared channel list.' },
    ]),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    rules: layer(RENDERER_LAYER),
  },
  {
    // Inside the renderer: components and views reach the host only through stores.
    files: ['src-renderer/src/**/*.vue', 'src-renderer/src/views/**/*.ts', 'src-renderer/src/components/**/*.ts'],
    rules: layer([
      ...RENDERER_LAYER,
      { regex: '(^|/)api/(client|ws-bridge)(\\.ts)?$', message: 'Components and views reach the host through a Pinia store, never the api client.' },
    ]),
  },
  {
    files: ['scripts/**/*.{ts,mjs,js}', 'tests/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
