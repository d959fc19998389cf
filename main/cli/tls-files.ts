import tls from 'node:tls';
import { errorMessage } from '../common/errors';
import { CliError, UsageError } from './cli-errors';
import { readOptionFile } from './option-file';

/**
 * `--tls-cert FILE --tls-key FILE`: both or neither. The pair is tried here, so a file that is no
 * PEM, or a key that is not the certificate's, is one line naming them rather than a failure later.
 */
export function readTlsFiles(
  command: string,
  certFile: string | undefined,
  keyFile: string | undefined,
): { cert: Buffer; key: Buffer } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new UsageError(`sockscope ${command}: --tls-cert and --tls-key go together: give both or neither`);
  }
  const cert = readOptionFile(command, 'tls-cert', certFile);
  const key = readOptionFile(command, 'tls-key', keyFile);
  try {
    tls.createSecureContext({ cert, key });
  } catch (err) {
    throw new CliError(
      `sockscope ${command}: cannot use --tls-cert ${certFile} with --tls-key ${keyFile}: ${errorMessage(err).split('\n')[0]}`,
    );
  }
  return { cert, key };
}
