/** The benchmark's loopback upstream: fixed small answers in both protocols, JSON and SSE. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ANTHROPIC_JSON = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'Hello there, friend!' }],
  stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 12, output_tokens: 6 },
});

const ev = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const ANTHROPIC_SSE = [
  ev('message_start', { message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } }),
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ...['Hello', ' there', ',', ' friend', '!'].map((t) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } })),
  ev('content_block_stop', { index: 0 }),
  ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 6 } }),
  ev('message_stop', {}),
];

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const OPENAI_SSE = [
  chunk({ role: 'assistant', content: '' }),
  ...['Hello', ' there', ',', ' friend', '!'].map((t) => chunk({ content: t })),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'm', choices: [], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } })}\n\n`,
  'data: [DONE]\n\n',
];
const OPENAI_JSON = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1_700_000_000, model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there, friend!' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
});

/**
 * A long answer, as real models stream one: `LONG_EVENTS` text deltas, written four at a time with a
 * turn of the event loop between (so they reach the proxy in many socket reads). Asked for with the
 * model name `long`.
 */
export const LONG_EVENTS = 200;
const LONG_ANTHROPIC_SSE = [
  ANTHROPIC_SSE[0]!,
  ANTHROPIC_SSE[1]!,
  ...Array.from({ length: LONG_EVENTS }, (_, i) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: ` word${i}` } })),
  ...ANTHROPIC_SSE.slice(-3),
];
const LONG_OPENAI_SSE = [OPENAI_SSE[0]!, ...Array.from({ length: LONG_EVENTS }, (_, i) => chunk({ content: ` word${i}` })), ...OPENAI_SSE.slice(-3)];

function writeInBursts(res: import('node:http').ServerResponse, pieces: string[]): void {
  let i = 0;
  const step = () => {
    for (let k = 0; k < 4 && i < pieces.length; k++) res.write(pieces[i++]);
    if (i < pieces.length) setImmediate(step);
    else res.end();
  };
  step();
}

export async function startBenchUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const stream = raw.includes('"stream":true');
      const long = raw.includes('"model":"long"');
      const openai = (req.url ?? '').endsWith('/chat/completions');
      if (!stream) {
        const body = openai ? OPENAI_JSON : ANTHROPIC_JSON;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (long) {
        writeInBursts(res, openai ? LONG_OPENAI_SSE : LONG_ANTHROPIC_SSE);
        return;
      }
      for (const piece of openai ? OPENAI_SSE : ANTHROPIC_SSE) res.write(piece);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
