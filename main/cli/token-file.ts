import { CliError } from './cli-errors';
import { readOptionFile } from './option-file';

/** The access token kept in a file (`--metrics-token-file`): one that survives restarts, as a scrape config needs. */
export function readTokenFile(command: string, file: string): string {
  const token = readOptionFile(command, 'metrics-token-file', file).toString('utf8').trim();
  if (token === '') throw new CliError(`sockscope ${command}: --metrics-token-file ${file} is empty`);
  // The token travels in a header and a URL: whitespace or control characters would break both.
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new CliError(
      `sockscope ${command}: --metrics-token-file ${file} must hold one token of printable ASCII without spaces`,
    );
  return token;
}
