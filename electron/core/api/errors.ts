/** Turning what the core throws into the API's error shape. */
import { ApiError } from '../../../shared/api/errors';
import { isApiError } from '../../../shared/api/errors';
import { ConfigError } from '../config/schema';
import { SecretStoreUnavailableError } from '../secrets/keyring-store';

/** `providers[2].baseUrl: expected …` → `providers[2].baseUrl`. */
function fieldOf(problem: string): string | undefined {
  const i = problem.indexOf(': ');
  return i > 0 ? problem.slice(0, i) : undefined;
}

export function toApiError(err: unknown): ApiError {
  if (isApiError(err)) return err;
  if (err instanceof ConfigError) {
    const field = err.problems.length > 0 ? fieldOf(err.problems[0]!) : undefined;
    const first = err.problems[0] ?? 'invalid config';
    const message = err.problems.length === 1 ? first : `${first} (and ${err.problems.length - 1} more problem${err.problems.length > 2 ? 's' : ''})`;
    return new ApiError('BAD_REQUEST', message, { ...(field ? { field } : {}), problems: err.problems });
  }
  if (err instanceof SecretStoreUnavailableError) return new ApiError('UNAVAILABLE', err.message);
  return new ApiError('INTERNAL', 'aimux internal error');
}

export const notFound = (what: string, field = 'id') => new ApiError('NOT_FOUND', what, { field });
export const conflict = (what: string, field?: string) => new ApiError('CONFLICT', what, field ? { field } : {});
export const badInput = (what: string, field?: string) => new ApiError('BAD_REQUEST', what, field ? { field } : {});

/**
 * Re-roots problems from the whole config (`providers[3].baseUrl`) onto the operation's input
 * (`patch.baseUrl`), so a form can show each one beside its field.
 */
export function scopedToInput(err: unknown, configPrefix: string, inputPrefix: string): unknown {
  const e = toApiError(err);
  if (e.code !== 'BAD_REQUEST' || !e.problems) return err;
  const move = (s: string) => (s.startsWith(configPrefix) ? inputPrefix + s.slice(configPrefix.length) : s);
  const field = e.field === undefined ? undefined : move(e.field);
  return new ApiError('BAD_REQUEST', move(e.message), { ...(field !== undefined ? { field } : {}), problems: e.problems.map(move) });
}
