/** `sockscope`: the command-line entry point (bin/sockscope loads the built bundle of this). */
import { decodeCommand } from './commands/decode';
import { dumpRawCommand } from './commands/dump-raw';
import { listCommand } from './commands/list';
import { serveCommand } from './commands/serve';
import { watchCommand } from './commands/watch';
import { CliError, USAGE, UsageError } from './usage';
import { exitQuietlyOnClosedPipe } from './write-out';

declare const SOCKSCOPE_VERSION: string;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  list: listCommand,
  watch: watchCommand,
  serve: serveCommand,
  decode: decodeCommand,
  'dump-raw': dumpRawCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${SOCKSCOPE_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`sockscope: unknown command '${command}'`);
    await run(args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    // Anything else is unexpected: still one line, unless asked for the stack.
    process.stderr.write(`sockscope ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.SOCKSCOPE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

exitQuietlyOnClosedPipe();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
