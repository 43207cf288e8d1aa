/**
 * Last-resort output: an error nobody handled is printed as one redacted message and stack (never
 * `util.inspect` of the error, which would print its `cause` chain and every own property, such as
 * request headers an HTTP library attached), then the process exits 1.
 *
 * A reader of aimux's output that goes away (`aimux serve | head`, a log collector or a parent
 * process that died) is not such an error: what aimux prints from then on is dropped, and the
 * proxy keeps serving and still stops cleanly on a signal (history written, exit 0).
 */
import { redactText } from '../security/secret-scan';

/** What may be printed about an unexpected error: its stack (or message), secrets replaced. */
export function describeCrash(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return redactText(text);
}

/** For the CLI's entry point only: replaces Node's default printing of uncaught errors. */
export function installCrashHandlers(): void {
  const die = (err: unknown) => {
    process.stderr.write(`aimux: unexpected error: ${describeCrash(err)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  for (const out of [process.stdout, process.stderr]) out.on('error', (err) => (readerGone(err) ? undefined : die(err)));
}

/** The other end of the pipe is closed (or the stream already failed that way): nobody reads the output. */
function readerGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}
