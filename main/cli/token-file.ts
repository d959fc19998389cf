import fs from 'node:fs';
import { CliError } from './cli-errors';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** The access token kept in a file (`--metrics-token-file`): one that survives restarts, as a scrape config needs. */
export function readTokenFile(command: string, file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = READ_ERRORS[code] ?? (code || 'unreadable');
    throw new CliError(`sockscope ${command}: cannot read --metrics-token-file ${file}: ${why}`);
  }
  const token = text.trim();
  if (token === '') throw new CliError(`sockscope ${command}: --metrics-token-file ${file} is empty`);
  // The token travels in a header and a URL: whitespace or control characters would break both.
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new CliError(
      `sockscope ${command}: --metrics-token-file ${file} must hold one token of printable ASCII without spaces`,
    );
  return token;
}
