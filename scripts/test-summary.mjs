// Prints "N passed, N failed" (and skipped, with reasons) from vitest's JSON report, so a run that
// executed no test is visible. Exit code 1 when the report is missing or nothing ran.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log(`0 passed, 1 failed (no test report at ${file})`);
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of report.testResults ?? []) {
  if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++;
  for (const t of suite.assertionResults ?? []) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed') failed++;
    else skipped++;
  }
}
// Checks run after the tests (scripts/grep-test-keys.mjs) count as tests too.
const extra = join(dirname(file), 'extra-checks.json');
if (existsSync(extra)) {
  for (const c of JSON.parse(readFileSync(extra, 'utf8'))) {
    if (c.passed) passed++;
    else {
      failed++;
      console.log(`failed check: ${c.name} (${c.detail})`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
