/**
 * `aimux codex [codex args…]`: runs the installed OpenAI Codex CLI against aimux.
 *
 * Uses the running proxy (found by `GET /health` on the configured address), or starts one in this
 * process for as long as Codex runs. Codex is pointed at it with `-c` overrides, so nothing is written to
 * the user's Codex config: a custom provider `aimux` (Codex's built-in `openai` provider would first try
 * WebSockets), its `base_url`, `env_key` for the proxy token when `AIMUX_PROXY_TOKEN` is set, and a
 * `model` unless the arguments name one with `-m` / `--model` (without one Codex sends a different request
 * shape with its tools hidden in an input item). The default model is the model of the first target of
 * `routing.default`, sent without its provider so the request is still routed (classes, failover).
 * The Codex binary is `codex` on PATH, or `AIMUX_CODEX_BIN`. Exits with Codex's exit code.
 */
import { spawn } from 'node:child_process';
import { defaultModel, ensureProxy } from './proxy-discovery';
import { UsageError } from './usage-error';

export const PROXY_TOKEN_ENV = 'AIMUX_PROXY_TOKEN';

const q = (s: string) => JSON.stringify(s);

/** True when Codex's own arguments already choose a model. */
export function namesModel(args: readonly string[]): boolean {
  return args.some((a) => a === '-m' || a === '--model' || a.startsWith('--model=') || (a.startsWith('-m') && a.length > 2 && !a.startsWith('--')));
}

/** The `-c` overrides that point Codex at aimux, placed before the user's own arguments. */
export function codexOverrides(baseUrl: string, model: string | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  const out = ['-c', `model_provider=${q('aimux')}`, '-c', `model_providers.aimux.name=${q('aimux')}`, '-c', `model_providers.aimux.base_url=${q(`${baseUrl}/v1`)}`];
  if (env[PROXY_TOKEN_ENV]) out.push('-c', `model_providers.aimux.env_key=${q(PROXY_TOKEN_ENV)}`);
  if (model !== undefined) out.push('-c', `model=${q(model)}`);
  return out;
}

export async function codex(argv: string[]): Promise<number> {
  const proxy = await ensureProxy({ tool: 'Codex' });
  const url = proxy.url;
  const model = namesModel(argv) ? undefined : defaultModel(proxy.config);
  if (!namesModel(argv) && model === undefined) throw new UsageError('no model: pass -m MODEL (routing.default has no targets)');
  const bin = process.env.AIMUX_CODEX_BIN || 'codex';
  // A proxy token in the data dir reaches Codex through the variable its provider entry names.
  const env = proxy.proxyToken && !process.env[PROXY_TOKEN_ENV] ? { ...process.env, [PROXY_TOKEN_ENV]: proxy.proxyToken } : process.env;
  const child = spawn(bin, [...codexOverrides(url, model, env), ...argv], { stdio: 'inherit', env });
  // Ctrl-C reaches Codex through the terminal; aimux waits for it to finish.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new UsageError(`Codex CLI not found ("${bin}"): install it with npm install -g @openai/codex, or set AIMUX_CODEX_BIN`) : err),
      );
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
    });
  } finally {
    process.off('SIGINT', ignore);
    await proxy.stop();
  }
}
