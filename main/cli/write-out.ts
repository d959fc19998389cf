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

/**
 * Writes what `chunks` yields to stdout, waiting for the pipe to drain whenever it is full, so
 * output of any size goes out in bounded memory.
 */
export async function writeChunks(chunks: () => Iterable<string>): Promise<void> {
  for (const chunk of chunks()) {
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
}

/** A reader that went away (`sockscope watch | head`) is not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
