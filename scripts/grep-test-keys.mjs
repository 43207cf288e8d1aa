// After a full test run: searches everything the run printed (test-results/test-output.log, teed by
// .ci/run) and every other file in test-results/ for the fixed fake keys the tests give aimux
// (test/support/test-keys.json). A hit means a key reached a log, an error message or crash output.
// Hits are reported by file, line and key number, never by the key itself. Exit 1 on a hit, or when
// there is no output to search (a grep of nothing proves nothing). Records its verdict in
// test-results/extra-checks.json for the summary line.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
const log = join(dir, 'test-output.log');
const keys = JSON.parse(readFileSync(new URL('../test/support/test-keys.json', import.meta.url), 'utf8')).keys;

function record(passed, detail) {
  const file = join(dir, 'extra-checks.json');
  const checks = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  checks.push({ name: 'test keys absent from the test run output', passed, detail });
  writeFileSync(file, JSON.stringify(checks, null, 2));
}

if (!existsSync(log) || statSync(log).size === 0) {
  console.log(`key grep: ${log} is missing or empty; nothing to search`);
  record(false, 'no output');
  process.exit(1);
}
const hits = [];
let searched = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (name === 'extra-checks.json' || !statSync(path).isFile()) continue;
  searched++;
  const lines = readFileSync(path, 'latin1').split('\n');
  lines.forEach((line, i) => keys.forEach((k, n) => line.includes(k) && hits.push(`${path}:${i + 1}: test key #${n} (${k.slice(0, 6)}…)`)));
}
if (hits.length > 0) {
  console.log(`key grep: ${hits.length} line(s) with a test key:\n${hits.slice(0, 50).join('\n')}`);
  record(false, `${hits.length} hit(s)`);
  process.exit(1);
}
console.log(`key grep: none of ${keys.length} test keys in ${searched} file(s) of ${dir}/`);
record(true, `${searched} file(s)`);
