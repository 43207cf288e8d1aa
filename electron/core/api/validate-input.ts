/** Checks an operation's input against its contract schema; problems become one BAD_REQUEST with every field. */
import { API } from '../../../shared/api/contract';
import type { ApiMethod, OpDef } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { problemLine, problemsFromIssues } from '../../../shared/config/problems';

export function validateInput(name: ApiMethod, input: unknown): unknown {
  const parsed = (API[name] as OpDef).input.safeParse(input ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = problemsFromIssues(parsed.error.issues);
  throw new ApiError('BAD_REQUEST', problemLine(problems[0]!), { field: problems[0]!.path, problems: problems.map(problemLine) });
}
