import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;
const shared = { '@shared': resolve(root, 'src-shared') };

/**
 * Three builds from one config. Main holds several entries: the Electron shell and the
 * Electron-free programs (console host, simulator) that run under plain Node.
 */
export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(root, 'src-main/electron/main.ts'),
          console: resolve(root, 'src-main/programs/console.ts'),
          simulator: resolve(root, 'src-main/programs/simulator.ts'),
          cli: resolve(root, 'src-main/programs/cli.ts'),
          'search-worker': resolve(root, 'src-main/programs/search-worker.ts'),
          'signal-worker': resolve(root, 'src-main/programs/signal-worker.ts'),
          'collab-server': resolve(root, 'src-main/programs/collab-server.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: { output: { entryFileNames: '[name].js' } },
    },
  },
  preload: {
    resolve: { alias: shared },
    build: {
      outDir: 'out/preload',
      // A CommonJS preload is what lets the window keep `sandbox: true`.
      lib: { entry: { index: resolve(root, 'src-preload/index.ts') }, formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias: shared },
    plugins: [vue()],
    // vue-i18n's flags for bundlers: the Composition API only (no legacy API), no <i18n-t> or v-t
    // (unused), no devtools hook. What the shell does not use, it does not ship.
    define: { __VUE_I18N_LEGACY_API__: 'false', __VUE_I18N_FULL_INSTALL__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false' },
    // maplibre's worker is an ES module; bundle it as one.
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Shipped minified; each view is its own chunk (views/registry.ts), the shell stays small.
      minify: true,
      chunkSizeWarningLimit: 1500,
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
