/**
 * readBody on a real HTTP server and raw sockets: a body that came with the headers is taken whole from
 * the stream's buffer; one that comes later is streamed, with its idle limit; the size limit holds on
 * both paths; and a keep-alive connection serves the next request after either.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyError } from '../../../electron/core/errors';
import { readBody } from '../../../electron/core/server/request-body';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A server answering each request with what readBody gave (length and text) or the error's status and code. */
async function start(limit: number, idleMs = 0, read?: (req: IncomingMessage) => void): Promise<number> {
  server = createServer((req, res) => {
    readBody(req, limit, idleMs).then(
      (b) => {
        read?.(req);
        res.end(JSON.stringify({ length: b.length, text: b.toString('utf8') }));
      },
      (e: unknown) => {
        const err = e as ProxyError;
        const body = JSON.stringify({ code: err.code });
        res.writeHead(err.httpStatus, { connection: 'close', 'content-length': Buffer.byteLength(body) }).end(body);
      },
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Sends raw bytes in pieces (a delay before each later piece) and collects the answers' bodies. */
async function raw(port: number, pieces: string[], answers: number, gapMs = 30): Promise<string[]> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', r));
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString('utf8')));
  for (const [i, p] of pieces.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
    socket.write(p);
  }
  const bodies = () => {
    const out: string[] = [];
    let rest = Buffer.from(data, 'utf8');
    for (;;) {
      const end = rest.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(rest.subarray(0, Math.max(0, end)).toString('latin1'))?.[1];
      if (end < 0 || length === undefined || rest.length < end + 4 + Number(length)) return out;
      out.push(rest.subarray(end + 4, end + 4 + Number(length)).toString('utf8'));
      rest = rest.subarray(end + 4 + Number(length));
    }
  };
  for (let t = 0; t < 200 && bodies().length < answers; t++) await new Promise((r) => setTimeout(r, 10));
  socket.destroy();
  return bodies();
}

const post = (body: string, extra = '') => `POST /x HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('readBody', () => {
  it('takes a body that came with the headers whole, without switching the stream to flowing mode', async () => {
    const modes: Array<boolean | null> = [];
    const port = await start(1000, 0, (req) => modes.push(req.readableFlowing));
    const body = JSON.stringify({ model: 'm', text: 'héllo ✓' });
    const [answer] = await raw(port, [post(body)], 1);
    expect(JSON.parse(answer!)).toEqual({ length: Buffer.byteLength(body), text: body });
    expect(modes).toEqual([null]);
  });

  it('streams a body that comes after the headers, piece by piece', async () => {
    const port = await start(1000);
    const body = '{"a":"' + 'x'.repeat(50) + '"}';
    const head = post(body).slice(0, -body.length);
    const [answer] = await raw(port, [head, body.slice(0, 10), body.slice(10)], 1);
    expect(JSON.parse(answer!)).toEqual({ length: body.length, text: body });
  });

  it('serves the next request on the same keep-alive connection after either path', async () => {
    const port = await start(1000);
    const a = '{"n":1}';
    const b = '{"n":2}';
    const head = post(b).slice(0, -b.length);
    const answers = await raw(port, [post(a), head, b, post('{"n":3}')], 3);
    expect(answers.map((x) => JSON.parse(x).text)).toEqual([a, b, '{"n":3}']);
  });

  it('gives an empty buffer for a request without a body', async () => {
    const port = await start(1000);
    const [answer] = await raw(port, ['POST /x HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n'], 1);
    expect(JSON.parse(answer!)).toEqual({ length: 0, text: '' });
  });

  it('refuses a body over the limit on both paths, also when no length was declared', async () => {
    const port = await start(16);
    const big = '{"a":"' + 'x'.repeat(40) + '"}';
    const chunked = (parts: string[]) => `POST /x HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n${parts.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;
    expect((await raw(port, [post(big)], 1)).map((x) => JSON.parse(x).code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect((await raw(port, [chunked([big])], 1)).map((x) => JSON.parse(x).code)).toEqual(['PAYLOAD_TOO_LARGE']);
    const streamed = chunked([big.slice(0, 10), big.slice(10)]);
    const cut = streamed.indexOf('\r\n\r\n') + 4;
    expect((await raw(port, [streamed.slice(0, cut), streamed.slice(cut)], 1)).map((x) => JSON.parse(x).code)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('answers 408 when a streamed body stalls', async () => {
    const port = await start(1000, 100);
    const body = '{"a":"' + 'x'.repeat(20) + '"}';
    const head = post(body).slice(0, -body.length);
    const answers = await raw(port, [head, body.slice(0, 5)], 1);
    expect(answers.map((x) => JSON.parse(x).code)).toEqual(['REQUEST_TIMEOUT']);
  });
});
