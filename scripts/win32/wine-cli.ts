/**
 * A minimal `sockscope` for the Wine suite: just `decode` and `dump-raw`, with the CLI's error
 * handling (UsageError / CliError → one line, exit 2). test-win32.sh bundles it, so the dump →
 * decode round trip is tested whether or not the built CLI registers the two commands yet.
 */
import { decodeCommand } from '../../main/cli/commands/decode';
import { dumpRawCommand } from '../../main/cli/commands/dump-raw';
import { CliError, UsageError } from '../../main/cli/usage';

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { decode: decodeCommand, 'dump-raw': dumpRawCommand };

async function main([command, ...args]: string[]): Promise<number> {
  const run = command === undefined ? undefined : COMMANDS[command];
  try {
    if (!run) throw new UsageError(`wine-cli: unknown command '${command}'`);
    await run(args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`sockscope ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
