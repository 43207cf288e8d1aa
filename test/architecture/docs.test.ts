import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('docs', () => {
  it('docs/translation.md matches the translators’ module comments', () => {
    const root = join(__dirname, '../..');
    expect(() => execFileSync(process.execPath, [join(root, 'scripts/docs-translation.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
