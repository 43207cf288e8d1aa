/**
 * Key patterns are regular expressions kept as data (`{ source, flags }`) so a preset survives
 * JSON and IPC. They exist to warn, never to refuse: a key that matches another provider's
 * pattern was probably pasted into the wrong provider. Patterns are anchored by their authors
 * and are written only for keys with a recognisable prefix (`sk-ant-`, `gsk_`, `xai-`, ...).
 */

export interface KeyPatternData {
  readonly source: string;
  readonly flags?: string | undefined;
}

/** Flags a key pattern may use: no `g`/`y`, whose `lastIndex` state makes `test()` unreliable. */
export const KEY_PATTERN_FLAGS = /^[imsuv]*$/;

export function compileKeyPattern(pattern: KeyPatternData): RegExp {
  return new RegExp(pattern.source, pattern.flags ?? '');
}

/** Whether the key looks like one of this pattern's keys. The key is not retained or reported. */
export function keyMatchesPattern(key: string, pattern: KeyPatternData): boolean {
  return compileKeyPattern(pattern).test(key.trim());
}
