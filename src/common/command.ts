/**
 * A failure the user can fix, whose message says what to do in one line (a database in use, a
 * port taken, a command asked for something it cannot do): commands print it without a stack.
 */
export class CommandError extends Error {}

/**
 * Ends a command (`npm start`, `seed`, `reindex`, …) that failed. A problem the user can fix, such
 * as a database that is in use or a port that is taken, is one line saying what to do; anything
 * else is printed with its stack for whoever debugs it.
 */
export function exitWithFailure(command: string, error: unknown): never {
  console.error(`${command} failed:`, userMessage(error) ?? error);
  process.exit(1);
}

/** The one-line message of a failure the user can fix, if it is one. */
export function userMessage(error: unknown): string | undefined {
  return error instanceof CommandError ? error.message : undefined;
}
