import fs from 'node:fs';
import { CliError } from './cli-errors';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** The file an option names, read whole; one that cannot be read is a one-line CliError naming the option. */
export function readOptionFile(command: string, option: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (code || 'unreadable');
    throw new CliError(`sockscope ${command}: cannot read --${option} ${file}: ${why}`);
  }
}
