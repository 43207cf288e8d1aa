/**
 * `aimux` command line: one file per command under cli/, dispatched from the table below.
 * Each command takes its arguments and resolves with the exit code.
 */
import { isApiError } from '../../../shared/api/errors';
import { ConfigError } from '../config/schema';
import { AIMUX_VERSION } from '../version';
import { config } from './config';
import { keys } from './keys';
import { presets, providers } from './providers';
import { routing } from './routing';
import { serve } from './serve';
import { token } from './token';
import { benchProviders } from './bench-providers';
import { codex } from './codex';
import { claude } from './claude';
import { doctor } from './doctor';
import { setup } from './setup';
import { setupCodex } from './setup-codex';
import { UsageError } from './usage-error';
import { describeCrash } from './crash';
import { redactText } from '../security/secret-scan';

export const USAGE = `aimux ${AIMUX_VERSION}: local LLM gateway for coding agents

Usage:
  aimux serve [--host 127.0.0.1] [--port 4141] [--config PATH] [--data-dir DIR] [--quiet] [--log-level info]
              (a --host beyond loopback needs a proxy token: aimux token proxy rotate)
  aimux providers list|show|add|remove|enable|disable|test   (aimux providers add <preset> [--id ID] [--param k=v] [--model M])
  aimux presets [query]
  aimux keys add <provider> [--env NAME] | list [provider] | remove <provider> <key-id>
  aimux routing show
  aimux config [validate [file] | path | export [--output F] | import <file> | schema | move-keys]
  aimux token rotate | show | proxy rotate|show|remove | metrics   (admin token; proxy token for clients; scrape token for GET /metrics)
  aimux bench-providers [provider…] [--n 5]   speed test: time to first token, tokens/s, success rate
  aimux codex [codex arguments…]     runs the Codex CLI through aimux (starts a proxy if none runs)
  aimux claude [args…]                 runs Claude Code through aimux (starts a proxy for the session if none runs)
  aimux setup claude-code [--undo] [--dry-run]   points Claude Code's settings.json at aimux
  aimux doctor <provider> [--model M] [--write] [--config PATH]   replays Claude Code requests, reports capabilities
  aimux setup codex [--default] [--model M] [--url URL] [--undo]   adds aimux to ~/.codex/config.toml
  aimux --version
  aimux help

Every command but serve takes --data-dir DIR and --json. They use the running aimux's API when
one runs for the data dir, and otherwise edit its config file; they say which on stderr.
Keys are read from stdin or a hidden prompt, never from the command line.

serve   Runs the proxy. Without --config it reads <data-dir>/config.json when that file
        exists, and otherwise serves from the built-in synthetic provider.
        Stop it with Ctrl-C (SIGINT) or SIGTERM: in-flight requests get time to finish.

Point Claude Code at it:  ANTHROPIC_BASE_URL=http://127.0.0.1:4141 claude
OpenAI-compatible tools:  base URL http://127.0.0.1:4141/v1
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve,
  providers,
  presets,
  keys,
  routing,
  config,
  token,
  codex,
  claude,
  setup: (argv) => (argv[0] === 'codex' ? setupCodex(argv) : setup(argv)),
  doctor,
  'bench-providers': benchProviders,
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
    // Every line printed about a failure goes through the secret redactor (crash.ts).
    const say = (text: string) => void process.stderr.write(redactText(text));
    if (err instanceof ConfigError || err instanceof UsageError) {
      say(`aimux: ${err.message}\n`);
      return 1;
    }
    if (isApiError(err)) {
      const more = (err.problems ?? []).slice(1).map((p) => `  ${p}\n`).join('');
      say(`aimux: ${err.message}\n${more}`);
      return 1;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      say(`aimux: ${(err as Error).message}\n${USAGE}`);
      return 1;
    }
    say(`aimux: ${describeCrash(err)}\n`);
    return 1;
  }
}
