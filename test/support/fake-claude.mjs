#!/usr/bin/env node
// A stand-in for the Claude Code CLI, for `aimux claude` tests: reports what it was started with, asks the proxy
// for one answer, and exits the way the test says (FAKE_CLAUDE_EXIT=<code>, or `wait` for a signal).
import { writeFileSync } from 'node:fs';

const chunks = [];
if (process.env.FAKE_CLAUDE_STDIN === '1') for await (const c of process.stdin) chunks.push(c);
const base = process.env.ANTHROPIC_BASE_URL;
let answer = null;
try {
  const res = await fetch(`${base}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: `Bearer ${process.env.ANTHROPIC_AUTH_TOKEN ?? ''}` },
    body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hello from fake claude' }] }),
  });
  answer = { status: res.status, body: await res.json() };
} catch (e) {
  answer = { error: String(e) };
}
writeFileSync(
  process.env.FAKE_CLAUDE_OUT,
  JSON.stringify({
    argv: process.argv.slice(2),
    stdin: Buffer.concat(chunks).toString('utf8'),
    env: { ANTHROPIC_BASE_URL: base, ANTHROPIC_AUTH_TOKEN: process.env.ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY },
    answer,
  }),
);
if (process.env.FAKE_CLAUDE_EXIT === 'wait') {
  process.on('SIGTERM', () => {
    process.stdout.write('fake claude got SIGTERM\n');
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  });
  process.stdout.write('fake claude waiting\n');
  setInterval(() => {}, 1000);
} else {
  process.stdout.write('fake claude done\n');
  process.exit(Number(process.env.FAKE_CLAUDE_EXIT ?? 0));
}
