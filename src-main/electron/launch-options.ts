/**
 * Decisions the Electron shell makes from its command line and environment before `ready`,
 * kept free of `electron` so they can be tested.
 */

/**
 * The `--data-dir DIR` (or `--data-dir=DIR`) argument, if given. Lets tests and operators run a
 * console against a chosen directory instead of the per-user one.
 */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      return next && !next.startsWith('--') ? next : undefined;
    }
    if (arg?.startsWith('--data-dir=')) return arg.slice('--data-dir='.length) || undefined;
  }
  return undefined;
}

/** What `needsSoftwareGl` looks at. */
export interface GpuProbe {
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /** Whether a GPU device node exists (Linux: the DRI directory). */
  hasGpuDevice: boolean;
}

/**
 * True when no GPU is usable and WebGL must come from SwiftShader. The map needs WebGL2; without
 * these switches a GPU-less Linux host (a VM, a headless wall PC) shows a blank map.
 * `CC_SOFTWARE_GL=1` forces it, `CC_SOFTWARE_GL=0` forbids it.
 */
export function needsSoftwareGl({ env, platform, hasGpuDevice }: GpuProbe): boolean {
  if (env.CC_SOFTWARE_GL === '1') return true;
  if (env.CC_SOFTWARE_GL === '0') return false;
  return platform === 'linux' && !hasGpuDevice;
}

/** Chromium switches that give WebGL2 without a GPU (name, optional value). */
export const SOFTWARE_GL_SWITCHES: readonly (readonly [string, string?])[] = [
  ['use-angle', 'swiftshader'],
  // Without this Chromium refuses SwiftShader for WebGL and the map stays blank.
  ['enable-unsafe-swiftshader'],
];
