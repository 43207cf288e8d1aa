/**
 * The last CI check (scripts/grep-test-keys.mjs) can fail: it finds a test key anywhere in the run's
 * output without printing the key, and refuses to pass on an empty or missing log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KEYS } from '../support/test-keys';

const script = join(__dirname, '../../scripts/grep-test-keys.mjs');

function run(files: Record<string, string>): { code: number; out: string; checks: unknown } {
  const dir = mkdtempSync(join(tmpdir(), 'aimux-keygrep-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    const out = execFileSync(process.execPath, [script, dir], { encoding: 'utf8' });
    return { code: 0, out, checks: JSON.parse(readFileSync(join(dir, 'extra-checks.json'), 'utf8')) };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout, checks: JSON.parse(readFileSync(join(dir, 'extra-checks.json'), 'utf8')) };
  }
}

describe('the test-key grep', () => {
  it('passes on clean output and records it', () => {
    const r = run({ 'test-output.log': 'ok\n 42 passed\n', 'vitest.json': '{}' });
    expect(r.code).toBe(0);
    expect(r.checks).toEqual([{ name: 'test keys absent from the test run output', passed: true, detail: '2 file(s)' }]);
  });

  it('fails on a key in the log or in any other result file, naming the place but not the key', () => {
    const key = TEST_KEYS[TEST_KEYS.length - 1]!;
    const r = run({ 'test-output.log': `line one\nerror: upstream said ${key}\n`, 'vitest.json': `{"message":"${TEST_KEYS[0]}"}` });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/test-output\.log:2: test key #\d+/);
    expect(r.out).toMatch(/vitest\.json:1: test key #0/);
    expect(r.out).not.toContain(key);
  });

  it('fails when there is nothing to search', () => {
    expect(run({ 'test-output.log': '' }).code).toBe(1);
    expect(run({}).code).toBe(1);
  });
});
