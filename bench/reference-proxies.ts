/**
 * Two reference proxies for the time-to-first-byte probes, so that "what aimux adds" can be read
 * against what any extra process costs on the same machine, in the same interleaved pairs:
 * - `relay`: a TCP relay (node:net, the bytes piped both ways, no HTTP parsing). The floor of an extra
 *   process between client and upstream: two more loopback hops each way.
 * - `node-http`: the smallest HTTP proxy Node offers with aimux's own building blocks: a node:http
 *   server, the request body read whole, one undici keep-alive pool to the upstream, the answer's
 *   chunks written through as they come. No routing, translation, validation, metrics or timeouts.
 * Each runs as its own process (this same bundle, started with `--reference-proxy <kind> <upstream>`),
 * as `aimux serve` does, with Node's default flags.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

export type ReferenceKind = 'relay' | 'node-http';

export const REFERENCE_FLAG = '--reference-proxy';

export interface ReferenceProxy {
  url: string;
  stop(): Promise<void>;
}

/** Starts a reference proxy as a child process of this bundle. */
export function startReferenceProxy(kind: ReferenceKind, upstreamUrl: string): Promise<ReferenceProxy> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), REFERENCE_FLAG, kind, upstreamUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`reference proxy (${kind}) exited early with ${code}`)));
  });
}

/** The reference proxy's own process: serves until killed. */
export function runReferenceProxy(kind: ReferenceKind, upstreamUrl: string): void {
  const upstream = new URL(upstreamUrl);
  const server =
    kind === 'relay'
      ? createNetServer((client) => {
          const up = connect(Number(upstream.port), upstream.hostname);
          client.setNoDelay(true);
          up.setNoDelay(true);
          client.pipe(up);
          up.pipe(client);
          client.on('error', () => up.destroy());
          up.on('error', () => client.destroy());
        })
      : nodeHttpProxy(upstreamUrl);
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
}

function nodeHttpProxy(upstreamUrl: string) {
  const pool = new Pool(upstreamUrl, { connections: 64 });
  return createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const up = await pool.request({ method: 'POST', path: req.url ?? '/', body: Buffer.concat(chunks), headers: { 'content-type': req.headers['content-type'] ?? 'application/json' } });
          res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/octet-stream') });
          for await (const c of up.body) res.write(c as Buffer);
          res.end();
        } catch {
          res.destroy();
        }
      })();
    });
  });
}
