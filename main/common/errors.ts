/** One line for an expected failure: its message, without a stack (a thrown non-Error as text). */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] || 'unknown error';
}

/** An action (close a connection, end a process) the OS or the monitor refused: the message says why, in one line. */
export class ActionError extends Error {}

/** An action on a connection the table no longer has. */
export const NO_SUCH_CONNECTION = 'no such connection (it may have closed already)';
/** After any close the table is read again: a connection still in it was not closed, whatever the OS answered. */
export const STILL_OPEN = 'the OS accepted the request but the connection is still open';
