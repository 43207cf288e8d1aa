/**
 * An operation's input checked against the contract's schema: the one step every transport takes
 * before a handler runs (IPC in the desktop app; usable by HTTP too). A failure is an `ApiError`
 * (BAD_REQUEST) naming the first field at fault and listing every problem, one line each.
 */
import { API } from './contract';
import type { ApiMethod, ApiParsedInput } from './contract';
import { ApiError } from './errors';
import { problemLine, problemsFromIssues } from '../config/problems';

export type InputCheck<K extends ApiMethod> = { ok: true; value: ApiParsedInput<K> } | { ok: false; error: ApiError };

/** `undefined` counts as `{}` (operations without input may be called without an argument). */
export function validateInput<K extends ApiMethod>(method: K, input: unknown): InputCheck<K> {
  const parsed = API[method].input.safeParse(input === undefined ? {} : input);
  if (parsed.success) return { ok: true, value: parsed.data as ApiParsedInput<K> };
  const problems = problemsFromIssues(parsed.error.issues);
  const first = problems[0];
  const field = first && first.path !== '$' ? first.path : undefined;
  const message = first ? problemLine(first) : 'invalid input';
  return { ok: false, error: new ApiError('BAD_REQUEST', message, { ...(field ? { field } : {}), problems: problems.map(problemLine) }) };
}
