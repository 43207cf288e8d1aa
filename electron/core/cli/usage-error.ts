/** A mistake in how a command was called: printed as one line, exit code 1, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
