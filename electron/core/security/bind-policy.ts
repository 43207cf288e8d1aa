/**
 * Where aimux may listen, decided before it binds (the service calls `checkBind`).
 *
 * | host                                          | given by                 | proxy token | result                                  |
 * | --------------------------------------------- | ------------------------ | ----------- | --------------------------------------- |
 * | loopback: 127.0.0.0/8, ::1, localhost         | anything                 | any         | listen                                  |
 * | beyond: 0.0.0.0, ::, a LAN address or a name  | the config file only     | any         | refuse: needs an explicit `--host`      |
 * | beyond                                        | explicit `--host`        | none        | refuse: create a proxy token first      |
 * | beyond                                        | explicit `--host`        | set         | listen; the proxy routes need the token |
 *
 * The config file can be changed through the API (`updateSettings`), so a value there alone never
 * opens the port to the network: the person starting aimux has to say so on the command line.
 */
import { networkInterfaces } from 'node:os';
import { isLoopbackName } from './host-origin';

export function isLoopbackHost(host: string): boolean {
  return isLoopbackName(host.trim().toLowerCase());
}

export function isWildcard(host: string): boolean {
  const h = host.trim();
  return h === '0.0.0.0' || h === '::' || h === '[::]' || h === '';
}

/** This machine's interface addresses (what a LAN client may put in Host when aimux listens on a wildcard). */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.toLowerCase()));
}

export interface BindRequest {
  host: string;
  /** The host came from `--host` (or the desktop app's own setting), not from the config file alone. */
  explicit: boolean;
  proxyTokenSet: boolean;
  /** How to name the data dir in the advice (`--data-dir X`), when it is not the default. */
  dataDirFlag?: string;
}

export type BindVerdict = { ok: true } | { ok: false; message: string };

export function checkBind(r: BindRequest): BindVerdict {
  if (isLoopbackHost(r.host)) return { ok: true };
  const create = `aimux token proxy rotate${r.dataDirFlag ? ` ${r.dataDirFlag}` : ''}`;
  if (!r.explicit) {
    return {
      ok: false,
      message: `server.host is "${r.host}", beyond loopback: aimux listens there only when started with an explicit --host ${r.host}, and only with a proxy token (create one with: ${create})`,
    };
  }
  if (!r.proxyTokenSet) {
    return {
      ok: false,
      message:
        `refusing to listen on ${r.host} without a proxy token: anyone who can reach that address could spend your keys. ` +
        `Create one with: ${create}; give it to your clients (Claude Code: ANTHROPIC_AUTH_TOKEN=<token>; OpenAI SDKs: the API key), then start again`,
    };
  }
  return { ok: true };
}
