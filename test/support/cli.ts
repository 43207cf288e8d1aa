/** The built CLI (`bin/aimux.mjs`) in a child process, as a user runs it. Children are killed after each test. */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';

export const ROOT = join(__dirname, '../..');
export const BIN = join(ROOT, 'bin/aimux.mjs');

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  /** The exit code, or the signal the process died of. */
  exit: Promise<number | NodeJS.Signals | null>;
}

/** Builds the CLI once per file and kills what a test left running. */
export function useCli(): (args: string[], env?: Record<string, string | undefined>, opts?: { cwd?: string }) => CliRun {
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  return (args, env = {}, opts = {}) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...env } });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | NodeJS.Signals | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
    return { child, out: () => out, err: () => err, exit };
  };
}
