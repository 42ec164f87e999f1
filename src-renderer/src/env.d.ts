/// <reference types="vite/client" />
import type { CcApi } from '@shared/contract';

interface ImportMetaEnv {
  /** '1' in a bundle built for `npm run bench -- map` (adds the benchmark's map probe). */
  readonly VITE_BENCH?: string;
}

declare global {
  interface Window {
    /** The host bridge: Electron's preload, or the console host's WebSocket bridge. */
    cc?: CcApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
