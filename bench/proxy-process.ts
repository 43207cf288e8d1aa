/**
 * The proxy under test as its own process, started the way a user starts it (`bin/aimux.mjs serve`, so
 * the launcher's Node flags apply), and what /proc says about it: peak RSS (resettable, so each cell
 * gets its own peak) and CPU time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProxyProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `aimux serve` through its launcher, in a data dir of its own (never the user's: another aimux may own that). */
export function startProxy(configPath: string, extraArgs: readonly string[] = []): Promise<ProxyProcess> {
  const launcher = new URL('../bin/aimux.mjs', import.meta.url).pathname;
  const dataDir = extraArgs.includes('--data-dir') ? [] : ['--data-dir', mkdtempSync(join(tmpdir(), 'aimux-bench-data-'))];
  const child = spawn(process.execPath, [launcher, 'serve', '--config', configPath, '--port', '0', '--quiet', ...dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        // The serving process: the launcher itself, or the child it re-executed into (its pid is printed).
        const pid = Number(/pid (\d+)/.exec(out)?.[1] ?? child.pid);
        resolve({ url: m[1]!, pid, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) });
      }
    });
    child.once('exit', (code) => reject(new Error(`proxy exited early with ${code}`)));
  });
}

function status(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Peak RSS in MB since the last reset (Linux VmHWM), or undefined without /proc. */
export function peakRssMb(pid: number): number | undefined {
  const m = /VmHWM:\s+(\d+) kB/.exec(status(pid) ?? '');
  return m ? Number(m[1]) / 1024 : undefined;
}

/** Current RSS in MB. */
export function rssMb(pid: number): number | undefined {
  const m = /VmRSS:\s+(\d+) kB/.exec(status(pid) ?? '');
  return m ? Number(m[1]) / 1024 : undefined;
}

/** Resets the peak RSS to the current RSS (`5` to /proc/PID/clear_refs); false when not possible. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of the process in ms (/proc reports USER_HZ = 100 ticks a second), or NaN. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
