/** Turning an API failure into words, and placing it at the field it names (ApiError.field). */
import { isApiError } from '../../shared/api/errors';
import type { Problem } from '../../shared/config/problems';

export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Does `path` name `field` or something inside it (`routing.default` covers `routing.default[0]`)? */
export function pathWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/** The API error's message when it names this field (or one inside it). */
export function fieldError(err: unknown, ...fields: string[]): string | undefined {
  if (!isApiError(err) || err.field === undefined) return undefined;
  const f = err.field;
  return fields.some((name) => pathWithin(f, name)) ? err.message : undefined;
}

/** An error not tied to any of the given fields: shown beside the action's button. */
export function generalError(err: unknown, ...fields: string[]): string | undefined {
  if (err === undefined || err === null) return undefined;
  if (isApiError(err) && err.field !== undefined && fields.some((name) => pathWithin(err.field!, name))) return undefined;
  return errorMessage(err);
}

/** The first problem at or inside a path. */
export function problemAt(problems: readonly Problem[], field: string): string | undefined {
  return problems.find((p) => pathWithin(p.path, field))?.message;
}
