/** A mistake in how the command was called: usage on stderr, exit code 2. */
export class UsageError extends Error {}

/** An expected failure at run time (port in use, bad file): one line on stderr, exit code 2. */
export class CliError extends Error {}

/** The command ran but could not do what was asked (a refused or failed action): one line on stderr, exit code 1. */
export class CommandFailed extends Error {}
