/**
 * The headless `SecretStore`: the OS keychain through @napi-rs/keyring (macOS Keychain, Windows
 * Credential Manager, Linux Secret Service), one entry per key under the service name "aimux".
 * Where no keychain is reachable (a Linux server without a Secret Service), every call fails with
 * a message that says so and suggests `env:` references instead.
 *
 * The native library is loaded on first use. A long-running `aimux serve` asks only whether the
 * keychain works (for its start-up note and `/health`), so with `probeInChild` that question is
 * answered by a short-lived child process and the library (~4 MB of resident memory) stays out of
 * the server until a key is actually read or written (docs/benchmarks.md, "Memory").
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { SecretStore } from '../deps';

export const KEYRING_SERVICE = 'aimux';

export class SecretStoreUnavailableError extends Error {
  override readonly name = 'SecretStoreUnavailableError';
}

interface EntryLike {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}
type EntryFactory = (service: string, account: string) => EntryLike;

const NO_KEYCHAIN_HINT =
  'use "env:NAME" key references instead (the key stays in an environment variable), or run aimux where an OS keychain is available';

function explain(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (/dbus|secret service|org\.freedesktop|no such interface|platform secure storage/i.test(raw)) {
    return `no OS keychain is available here (Linux needs a running Secret Service such as gnome-keyring or KeePassXC); ${NO_KEYCHAIN_HINT}`;
  }
  if (/locked/i.test(raw)) return `the OS keychain is locked; unlock it, or ${NO_KEYCHAIN_HINT}`;
  return `the OS keychain failed (${raw.slice(0, 200)}); ${NO_KEYCHAIN_HINT}`;
}

/** The child's script: argv = [library path, service]; prints `ok` or `err:<message>`. */
const CHILD_PROBE = `const { AsyncEntry } = require(process.argv[1]);
Promise.resolve().then(() => new AsyncEntry(process.argv[2], 'aimux-availability-probe', { linux: { store: 'secret-service' } }).getPassword())
  .then(() => process.stdout.write('ok'), (e) => process.stdout.write('err:' + (e && e.message ? e.message : String(e))));`;

/** The probe in a child process: `undefined` when the child could not tell (then the caller probes in-process). */
function probeInChildProcess(service: string): Promise<{ available: boolean; reason?: string } | undefined> {
  let library: string;
  try {
    library = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch (err) {
    return Promise.resolve({ available: false, reason: `the OS keychain library could not be loaded (${err instanceof Error ? err.message : String(err)}); ${NO_KEYCHAIN_HINT}` });
  }
  return new Promise((resolve) => {
    // ELECTRON_RUN_AS_NODE: inside the desktop app process.execPath is Electron, which then runs as Node.
    execFile(process.execPath, ['-e', CHILD_PROBE, library, service], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 10_000, windowsHide: true }, (_err, stdout) => {
      const out = String(stdout);
      if (out === 'ok') resolve({ available: true });
      else if (out.startsWith('err:')) resolve({ available: false, reason: explain(new Error(out.slice(4))) });
      else resolve(undefined); // the child failed to start or to load the library: probe in-process
    });
  });
}

export function createKeyringSecretStore(opts: { service?: string; entry?: EntryFactory; probeInChild?: boolean } = {}): SecretStore {
  const service = opts.service ?? KEYRING_SERVICE;
  let factory: EntryFactory | undefined = opts.entry;
  const entry = async (account: string): Promise<EntryLike> => {
    if (!factory) {
      try {
        const { AsyncEntry } = await import('@napi-rs/keyring');
        // On Linux, only the Secret Service: the library's fallback, the kernel keyring, forgets
        // keys at logout and reboot, which a user would discover only when their keys are gone.
        factory = (s, a) => new AsyncEntry(s, a, { linux: { store: 'secret-service' } });
      } catch (err) {
        throw new SecretStoreUnavailableError(`the OS keychain library could not be loaded (${err instanceof Error ? err.message : String(err)}); ${NO_KEYCHAIN_HINT}`);
      }
    }
    return factory(service, account);
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SecretStoreUnavailableError) throw err;
      throw new SecretStoreUnavailableError(explain(err));
    }
  };
  return {
    kind: 'os-keychain',
    async status() {
      if (opts.probeInChild && !factory) {
        const answer = await probeInChildProcess(service);
        if (answer) return answer;
      }
      try {
        await guard(async () => (await entry('aimux-availability-probe')).getPassword());
        return { available: true };
      } catch (err) {
        return { available: false, reason: (err as Error).message };
      }
    },
    get: (account) => guard(async () => (await (await entry(account)).getPassword()) ?? undefined),
    set: (account, value) => guard(async () => (await entry(account)).setPassword(value)),
    delete: (account) => guard(async () => (await entry(account)).deletePassword()),
  };
}
