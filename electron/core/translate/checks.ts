/**
 * Small input checks shared by the translators. Malformed input is a 400 naming the field path;
 * a well-formed feature the target cannot express is TRANSLATION_UNSUPPORTED (also 400), naming the field.
 */

import { ProxyError, badRequest } from '../errors';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function invalid(path: string, problem: string): ProxyError {
  return badRequest(`${path}: ${problem}`);
}

export function unsupported(path: string, problem: string): ProxyError {
  return new ProxyError('TRANSLATION_UNSUPPORTED', `${path}: ${problem}`, 400);
}

export function expectString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw invalid(path, 'expected a string');
  return v;
}

export function expectArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw invalid(path, 'expected an array');
  return v;
}

export function expectObj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw invalid(path, 'expected an object');
  return v;
}

export function expectPositiveInt(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(path, 'expected a positive integer');
  return v;
}

export function optionalNumber(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(path, 'expected a number');
  return v;
}

/** Parses tool-call arguments (a JSON text) into an object; empty text means `{}`. */
export function parseToolArguments(args: unknown, path: string): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  const text = expectString(args, path);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(path, 'tool call arguments are not valid JSON');
  }
  if (!isObj(value)) throw invalid(path, 'tool call arguments must be a JSON object');
  return value;
}

/** Concatenated text of a string or an array of `{type: "text", text}` parts. */
export function textOfParts(content: unknown, path: string, separator = '\n\n'): string {
  if (typeof content === 'string') return content;
  const parts = expectArray(content, path);
  const texts: string[] = [];
  parts.forEach((p, i) => {
    const part = expectObj(p, `${path}[${i}]`);
    if (part.type !== 'text') throw unsupported(`${path}[${i}].type`, `"${String(part.type)}" is not allowed here (text only)`);
    texts.push(expectString(part.text, `${path}[${i}].text`));
  });
  return texts.join(separator);
}

/** Output estimate when an upstream reports no usage: one token per 4 UTF-16 code units (tokens/estimate.ts counts inputs more finely). */
export function estimateTokensFromChars(chars: number): number {
  return Math.ceil(chars / 4);
}
