/**
 * Edits of JSON files that people also edit by hand (Claude Code's settings.json, aimux's config file): values are
 * changed in place with jsonc-parser's edit API, so every other byte — formatting, key order, comments — stays as
 * it was; a file that does not parse is never written over. Writes are atomic (a temporary file in the same
 * folder, then rename), keeping the file's permission bits.
 */
import { stat } from 'node:fs/promises';
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type JSONPath, type ParseError } from 'jsonc-parser';
import { writeFileAtomic } from './atomic-write';

export interface ParsedJsonc {
  value: unknown;
  /** `line L, column C: problem` for each syntax error; empty when the text parses. */
  errors: string[];
}

export function parseJsonc(text: string): ParsedJsonc {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { value, errors: errors.map((e) => `${where(text, e.offset)}: ${printParseErrorCode(e.error)}`) };
}

function where(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Indentation of the file (two spaces when it has none to copy). */
function formattingOf(text: string): FormattingOptions {
  const m = /^([ \t]+)\S/m.exec(text);
  const indent = m?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** `text` with the value at `path` set (or removed, for `undefined`); nothing else changes. */
export function setJsoncValue(text: string, path: JSONPath, value: unknown): string {
  const base = text.trim() === '' ? '{}' : text;
  return applyEdits(base, modify(base, path, value, { formattingOptions: formattingOf(text) }));
}

/** Writes `text` to `path` atomically (files/atomic-write.ts), keeping the mode of a file it replaces. */
export async function writeKeepingMode(path: string, text: string, mode = 0o600): Promise<void> {
  let keep = mode;
  try {
    keep = (await stat(path)).mode & 0o777;
  } catch {
    // a new file
  }
  await writeFileAtomic(path, text, { mode: keep });
}
