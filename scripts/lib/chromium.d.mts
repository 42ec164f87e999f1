/** Launch flags that give WebGL2 without a GPU (SwiftShader) and no background traffic. */
export declare const CHROMIUM_ARGS: readonly string[];

/** The Chromium to launch: its path, the environment it needs (undefined: inherit), its flags and where it came from. */
export interface ChromiumForTests {
  executablePath: string;
  env: Record<string, string> | undefined;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
}

/** CHROMIUM_PATH, else Debian's chromium, else the Chromium shipped in @sparticuz/chromium (unpacked once). */
export declare function chromiumForTests(env?: NodeJS.ProcessEnv): ChromiumForTests;

/** Playwright's options for a benchmark's console window (1600×900, zh-CN, Asia/Shanghai); `gpuCompositing` leaves out --disable-gpu. */
export declare function consoleWindowOptions(opts?: { gpuCompositing?: boolean }): {
  executablePath: string;
  env?: Record<string, string>;
  headless: boolean;
  viewport: { width: number; height: number };
  locale: string;
  timezoneId: string;
  args: string[];
};
