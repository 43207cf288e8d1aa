/**
 * Keys in the real OS keychain: a Linux Secret Service (gnome-keyring in its own D-Bus session, as
 * ../shared/TOOLCHAIN.md describes). Through the built CLI: add a provider, pipe a key into
 * `aimux keys add`, see only its hint, run `aimux serve` and watch the key reach the upstream, then
 * remove it and find it gone from the Secret Service. Skips, saying why, where the Secret Service
 * tools are not installed (`.ci/run` installs them).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openAICompletion, openAITextStream, sse, startFakeUpstream } from '../support/fake-upstream';
import type { FakeUpstream } from '../support/fake-upstream';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');
const KEY = 'sk-test-KEYCHAIN-0123456789abcdefghij';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = ['dbus-run-session', 'gnome-keyring-daemon', 'secret-tool'].filter((c) => !has(c));
if (missing.length > 0) {
  console.log(`skipping the Secret Service tests: ${missing.join(', ')} not installed (apt-get install gnome-keyring dbus-x11 libsecret-tools)`);
}

let up: FakeUpstream;
beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  up = await startFakeUpstream((req, res) => (req.json?.stream ? sse(res, openAITextStream(['hello'], { usage: true })) : json(res, 200, openAICompletion('hello'))));
});
afterAll(() => up?.close());

/**
 * Runs a shell script inside a fresh D-Bus session with an unlocked gnome-keyring. Asynchronously:
 * the fake upstream it talks to lives in this process.
 */
async function inKeyringSession(script: string, env: Record<string, string>): Promise<{ out: string; err: string; status: number | null }> {
  const runtime = mkdtempSync(join(tmpdir(), 'aimux-xdg-run-'));
  const data = mkdtempSync(join(tmpdir(), 'aimux-xdg-data-'));
  const file = join(mkdtempSync(join(tmpdir(), 'aimux-sh-')), 'flow.sh');
  writeFileSync(file, `set -e\n${script}\n`);
  chmodSync(runtime, 0o700);
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', 'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; sh "$1"', 'sh', file], {
    env: { ...process.env, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const status = await new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  clearTimeout(timer);
  return { out, err, status };
}

describe.skipIf(missing.length > 0)('keys in the OS keychain (Linux Secret Service)', () => {
  it('stores a piped key in the Secret Service, shows only its hint, sends it upstream, and deletes it on removal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aimux-kc-'));
    const r = await inKeyringSession(
      `
node $BIN providers add custom --id up --protocol openai --base-url "$UP/v1" --model m --data-dir "$D" --json > /dev/null
printf '%s\\n' "$KEY" | node $BIN keys add up --data-dir "$D" --json > "$D/added.json"
node $BIN keys list up --data-dir "$D" --json > "$D/list.json"
ACCOUNT=$(node -e 'const l=require(process.argv[1]); process.stdout.write(l[0].ref.slice(9))' "$D/list.json")
secret-tool lookup service aimux username "$ACCOUNT" > "$D/lookup-before.txt"
node $BIN serve --port 0 --data-dir "$D" --quiet > "$D/serve.log" 2>&1 &
SERVE=$!
for i in $(seq 1 100); do grep -q 'listening on' "$D/serve.log" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \\(http:[^ ]*\\).*/\\1/p' "$D/serve.log")
node -e 'fetch(process.argv[1] + "/v1/chat/completions", {method:"POST", headers:{"content-type":"application/json"}, body: JSON.stringify({model:"up/m", messages:[{role:"user", content:"hi"}]})}).then(r=>r.text()).then(t=>process.stdout.write(t))' "$URL" > "$D/answer.json"
KEYID=$(node -e 'const l=require(process.argv[1]); process.stdout.write(l[0].id)' "$D/list.json")
node $BIN keys remove up "$KEYID" --data-dir "$D" 2> "$D/remove.err" > /dev/null
kill $SERVE; wait $SERVE || true
secret-tool lookup service aimux username "$ACCOUNT" > "$D/lookup-after.txt" || true
`,
      { BIN, D: dataDir, UP: up.url, KEY },
    );
    expect(r.status, r.err).toBe(0);
    const read = (f: string) => readFileSync(join(dataDir, f), 'utf8');
    const added = JSON.parse(read('added.json'));
    expect(added.key).toMatchObject({ source: 'keychain', hint: `sk-…${KEY.slice(-4)}` });
    expect(read('lookup-before.txt').trim()).toBe(KEY);
    expect(read('config.json')).not.toContain(KEY);
    expect(read('list.json')).not.toContain(KEY);
    expect(read('serve.log')).not.toContain(KEY);
    expect(JSON.parse(read('answer.json')).choices?.[0]?.message.content, read('answer.json')).toBe('hello');
    expect(up.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    // The running aimux made the removal (the CLI said so), and the Secret Service no longer has it.
    expect(read('remove.err')).toMatch(/using the running aimux at http:\/\/127\.0\.0\.1:\d+/);
    expect(read('lookup-after.txt').trim()).toBe('');
  });

  it('says so, and suggests env: references, where no Secret Service answers', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aimux-kc-'));
    execFileSync(process.execPath, [BIN, 'providers', 'add', 'custom', '--id', 'up', '--protocol', 'openai', '--base-url', `${up.url}/v1`, '--data-dir', dataDir]);
    const r = spawnSync(process.execPath, [BIN, 'keys', 'add', 'up', '--data-dir', dataDir], {
      input: `${KEY}\n`,
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no OS keychain is available here/);
    expect(r.stderr).toMatch(/env:NAME/);
    expect(r.stderr).not.toContain(KEY);
  });
});
