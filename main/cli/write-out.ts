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

/** Writes lines to stdout as they come, in chunks, waiting whenever the pipe is full (a million events never sit in memory). */
export async function writeLines(lines: Iterable<string>): Promise<void> {
  const CHUNK = 1_000;
  let chunk: string[] = [];
  const flush = async () => {
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
}
