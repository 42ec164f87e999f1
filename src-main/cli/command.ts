/**
 * One command of `npm run cli -- <command> [--data-dir DIR] [--json] …`. Commands run the same
 * services as the console, without a window. With `--json` a command prints exactly one JSON
 * object on its last line (progress and human text go to stderr).
 */
export interface CliContext {
  /** Resolved data directory. */
  dataDir: string;
  json: boolean;
  /** Human-readable output (stdout without --json, stderr with it). */
  say(line: string): void;
  /** Progress of long work: always stderr, so it never mixes with the result. */
  progress?(line: string): void;
  /** The machine-readable result: printed as the last line with --json, pretty otherwise. */
  result(value: unknown): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Flags this command accepts besides --data-dir and --json (parseArgs options). */
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  /** Exit status: 0 when the command ran (even if some items were rejected), non-zero when it could not. */
  run(ctx: CliContext, values: Record<string, unknown>, positionals: string[]): Promise<number> | number;
}

/** A failure the user can fix: printed as one clear line, exit status 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
