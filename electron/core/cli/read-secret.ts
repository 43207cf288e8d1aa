/**
 * Reading a key the way no shell history or process list ever sees it: from a pipe
 * (`pass show x | aimux keys add p`), or typed at a prompt that echoes nothing.
 */
import { UsageError } from './usage-error';

async function readPipe(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readSecret(prompt: string): Promise<string> {
  const value = (process.stdin.isTTY ? await readHidden(prompt) : await readPipe()).trim();
  if (value === '') throw new UsageError('no key given (type it at the prompt, or pipe it: ... | aimux keys add <provider>)');
  return value;
}
