/**
 * `aimux` command line: one file per command under cli/, dispatched from the table below.
 * Each command takes its arguments and resolves with the exit code.
 */
import { ConfigError } from '../config/schema';
import { AIMUX_VERSION } from '../version';
import { claude } from './claude';
import { doctor } from './doctor';
import { serve } from './serve';
import { setup } from './setup';
import { UsageError } from './usage-error';

export const USAGE = `aimux ${AIMUX_VERSION}: local LLM gateway for coding agents

Usage:
  aimux serve [--host 127.0.0.1] [--port 4141] [--config PATH] [--data-dir DIR] [--quiet]
  aimux claude [args…]                 runs Claude Code through aimux (starts a proxy for the session if none runs)
  aimux setup claude-code [--undo] [--dry-run]   points Claude Code's settings.json at aimux
  aimux doctor <provider> [--model M] [--write] [--config PATH]   replays Claude Code requests, reports capabilities
  aimux --version
  aimux help

serve   Runs the proxy. Without --config it reads <data-dir>/config.json when that file
        exists, and otherwise serves from the built-in synthetic provider.
        Stop it with Ctrl-C (SIGINT) or SIGTERM: in-flight requests get time to finish.

Point Claude Code at it:  ANTHROPIC_BASE_URL=http://127.0.0.1:4141 claude
OpenAI-compatible tools:  base URL http://127.0.0.1:4141/v1
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve,
  claude,
  setup,
  doctor,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '--version':
      case '-v':
      case 'version':
        process.stdout.write(`${AIMUX_VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command "${command}" (try: aimux help)`);
    return await run(rest);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`aimux: ${err.message}\n`);
      return 1;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`aimux: ${(err as Error).message}\n${USAGE}`);
      return 1;
    }
    process.stderr.write(`aimux: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
