import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../services/paths';
import { CliUsageError, type CliCommand, type CliContext } from './command';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CliIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

function help(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npm run cli -- <command> [--data-dir DIR] [--json] [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'With --json, the last line of output is one JSON object.',
  ].join('\n');
}

/** Runs one command line; returns the exit status. Never throws. */
export async function runCli(argv: string[], commands: readonly CliCommand[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(`${help(commands)}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n${help(commands)}\n`);
    return 2;
  }
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, ...command.options },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\nusage: npm run cli -- ${command.usage}\n`);
    return 2;
  }
  const json = values.json === true;
  const ctx: CliContext = {
    dataDir: resolve((values['data-dir'] as string | undefined) ?? defaultDataDir()),
    json,
    say: (line) => (json ? io.err(`${line}\n`) : io.out(`${line}\n`)),
    progress: (line) => io.err(`${line}\n`),
    result: (value) => io.out(json ? `${JSON.stringify(value)}\n` : `${JSON.stringify(value, null, 2)}\n`),
  };
  try {
    return await command.run(ctx, values, positionals);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.err(`${err.message}\nusage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    io.err(`${command.name} failed: ${(err as Error).message}\n`);
    return 1;
  }
}
