/** One line for an expected failure: its message, without a stack (a thrown non-Error as text). */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] || 'unknown error';
}

/** An action (close a connection, end a process) the OS or the monitor refused: the message says why, in one line. */
export class ActionError extends Error {}
