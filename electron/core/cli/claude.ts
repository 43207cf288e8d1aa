/**
 * `aimux claude [args…]`: runs the installed Claude Code CLI against aimux. Uses the proxy that answers at the
 * configured URL (proxy-discovery.ts); when none does, serves this session from an in-process proxy with the
 * user's config (on the configured port, or any free one if that is taken) and stops it when Claude Code exits.
 *
 * Claude Code gets ANTHROPIC_BASE_URL, and ANTHROPIC_AUTH_TOKEN = the proxy token when one is set. Without a
 * token and without any Anthropic credential in the environment it gets ANTHROPIC_AUTH_TOKEN=aimux, so it starts
 * without a login (aimux never forwards client credentials). Arguments, stdin/stdout/stderr (inherited), the exit
 * code and signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 are forwarded; a child killed by a signal
 * makes aimux end by the same signal) pass through unchanged. A broken config file matters only when no proxy
 * answers and this session has to serve itself. The binary: AIMUX_CLAUDE_BIN, else `claude` on PATH.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { constants as os } from 'node:os';
import { delimiter, join } from 'node:path';
import { ensureProxy, readProxyToken } from './proxy-discovery';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
/** Signals aimux raises on itself when Claude Code died of them (SIGUSR1 would start Node's inspector instead). */
const REPEATED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL', 'SIGQUIT'];

/** `AIMUX_CLAUDE_BIN`, else the first executable `claude` on PATH (with PATHEXT on Windows). */
export function findClaudeBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AIMUX_CLAUDE_BIN) return env.AIMUX_CLAUDE_BIN;
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = join(dir, `claude${ext.toLowerCase()}`);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The environment Claude Code runs with. */
export function claudeEnv(env: NodeJS.ProcessEnv, url: string, token: string | undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ANTHROPIC_BASE_URL: url };
  if (token) out.ANTHROPIC_AUTH_TOKEN = token;
  else if (!env.ANTHROPIC_AUTH_TOKEN && !env.ANTHROPIC_API_KEY) out.ANTHROPIC_AUTH_TOKEN = 'aimux';
  return out;
}

export async function claude(argv: string[]): Promise<number> {
  const bin = findClaudeBinary();
  if (bin === undefined) {
    process.stderr.write('aimux: Claude Code CLI not found on PATH; install it (npm install -g @anthropic-ai/claude-code) or set AIMUX_CLAUDE_BIN\n');
    return 127;
  }
  // A broken config does not matter while a running proxy answers; it does when this session must serve itself.
  const proxy = await ensureProxy({ tool: 'Claude Code' });
  const { url, dataDir } = proxy;
  const child = spawn(bin, argv, {
    stdio: 'inherit',
    env: claudeEnv(process.env, url, readProxyToken(dataDir)),
    shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(bin),
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: Error }>((done) => {
    child.once('error', (error) => done({ error }));
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  for (const s of FORWARDED) process.off(s, forward);
  await proxy.stop();
  if ('error' in exit) {
    process.stderr.write(`aimux: could not run ${bin}: ${exit.error.message}\n`);
    return 127;
  }
  if (exit.signal) {
    // End the same way Claude Code did, so the caller sees the signal (for those Node leaves at their default).
    if (REPEATED.includes(exit.signal)) process.kill(process.pid, exit.signal);
    return 128 + (os.signals[exit.signal] ?? 0);
  }
  return exit.code ?? 1;
}
