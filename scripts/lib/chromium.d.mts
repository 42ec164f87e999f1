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
