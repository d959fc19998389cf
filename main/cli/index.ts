/** `sockscope`: the command-line entry point (bin/sockscope loads the built bundle of this). */
import { CliError, CommandFailed, UsageError } from './cli-errors';
import { USAGE } from './usage';
import { errorMessage } from '../common/errors';
import { exitQuietlyOnClosedPipe } from './write-out';

declare const SOCKSCOPE_VERSION: string;

type Command = (args: string[]) => Promise<void>;

/** Each command loads only what it needs: `list` is timed as a whole process against `ss`. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  list: () => import('./commands/list').then((m) => m.listCommand),
  watch: () => import('./commands/watch').then((m) => m.watchCommand),
  serve: () => import('./commands/serve').then((m) => m.serveCommand),
  decode: () => import('./commands/decode').then((m) => m.decodeCommand),
  'dump-raw': () => import('./commands/dump-raw').then((m) => m.dumpRawCommand),
  close: () => import('./commands/close').then((m) => m.closeCommand),
  record: () => import('./commands/record').then((m) => m.recordCommand),
  history: () => import('./commands/history').then((m) => m.historyCommand),
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
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!load) throw new UsageError(`sockscope: unknown command '${command}'`);
    await (
      await load()
    )(args);
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
    if (err instanceof CommandFailed) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    // Anything else is unexpected: still one line, unless asked for the stack.
    process.stderr.write(`sockscope ${command}: ${errorMessage(err)}\n`);
    if (process.env.SOCKSCOPE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

exitQuietlyOnClosedPipe();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
