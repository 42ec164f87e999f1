/** Child of the import benchmark: one `cli import` run, exactly the command line's path. */
import { COMMANDS } from '../../src-main/cli/registry';
import { runCli } from '../../src-main/cli/run-cli';

const [file, dataDir] = process.argv.slice(2) as [string, string];
let out = '';
const code = await runCli(['import', file, '--format', 'open311', '--data-dir', dataDir, '--json'], COMMANDS, {
  out: (t) => (out += t),
  err: (t) => process.stderr.write(t),
});
process.stdout.write(out);
process.exit(code);
