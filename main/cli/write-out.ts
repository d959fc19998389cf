/**
 * Writes `text` and a newline to stdout and waits until it is flushed; a closed pipe
 * (`| head`) ends quietly. The newline goes separately: `text + '\n'` would copy a
 * 10 MB `list --json` once more.
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text);
    process.stdout.write('\n', () => resolve());
  });
}

/** A reader that went away (`sockscope watch | head`) is not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
