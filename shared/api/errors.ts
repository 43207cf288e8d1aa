/**
 * The management API's one error shape, for HTTP and IPC alike. Handlers throw `ApiError`; the
 * transports carry it as data (`{ error: ApiErrorBody }`, never a thrown object across IPC) and the
 * client rebuilds an `ApiError` from it. Messages never contain key values.
 */

export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'UNSUPPORTED'
  | 'UPSTREAM'
  | 'INTERNAL';

export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  UNSUPPORTED: 501,
  UPSTREAM: 502,
  INTERNAL: 500,
};

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** The input field at fault, as a path (`patch.baseUrl`, `routing.default[0]`). */
  field?: string;
  /** Every problem when there were several (config validation), one line each. */
  problems?: string[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly field: string | undefined;
  readonly problems: string[] | undefined;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    opts: { field?: string; problems?: string[] } = {},
  ) {
    super(message);
    this.field = opts.field;
    this.problems = opts.problems;
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    const b: ApiErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) b.field = this.field;
    if (this.problems !== undefined) b.problems = this.problems;
    return b;
  }

  static fromBody(b: ApiErrorBody): ApiError {
    const opts: { field?: string; problems?: string[] } = {};
    if (b.field !== undefined) opts.field = b.field;
    if (b.problems !== undefined) opts.problems = b.problems;
    return new ApiError(b.code, b.message, opts);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ApiError' && 'code' in e;
}

/** What crosses IPC: a result as data (Electron rebuilds thrown errors as different objects). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
