/** `npm run cli -- <command> …`: the console's services from the command line (see src-main/cli). */
import { COMMANDS } from '../cli/registry';
import { runCli } from '../cli/run-cli';

process.exitCode = await runCli(process.argv.slice(2), COMMANDS);
