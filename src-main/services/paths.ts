import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder name of the console's data under the user's application-data directory. */
export const DATA_FOLDER = 'loudi-command-console';

/**
 * The default data directory, the same for the Electron window and the console host, so both
 * see one incident cache: `~/.config/loudi-command-console` on Linux (or `$XDG_CONFIG_HOME`),
 * `~/Library/Application Support/…` on macOS, `%APPDATA%\…` on Windows.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = process.platform): string {
  if (os === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), DATA_FOLDER);
  if (os === 'darwin') return join(homedir(), 'Library', 'Application Support', DATA_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), DATA_FOLDER);
}
