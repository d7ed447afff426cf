/**
 * One error shape for every refusal (after Stripe's): `{ error: { type, code, message, param?,
 * errors? } }`. `param` locates the problem (a JSON path into the request, or a header name);
 * `errors` lists every located problem when there are several. Messages never carry a file
 * path, a stack trace or another tenant's data.
 */

/** The kinds of refusal, each with its HTTP status. */
export const ERROR_TYPES = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  too_large: 413,
  unprocessable: 422,
  rate_limit: 429,
  api_error: 500,
  unavailable: 503,
} as const;

export type ErrorType = keyof typeof ERROR_TYPES;

/** A located problem. */
export interface LocatedError {
  path: string;
  message: string;
  code?: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { type: ErrorType; code: string; message: string; param?: string; errors?: LocatedError[] };
}

/** A refusal the service answers with; thrown anywhere inside a request, turned into the answer by the error handler. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;

  constructor(readonly type: ErrorType, readonly code: string, message: string, readonly param?: string, readonly errors?: LocatedError[], status?: number) {
    super(message);
    this.status = status ?? ERROR_TYPES[type];
  }

  /** The answer's body. */
  body(): ErrorBody {
    const error: ErrorBody['error'] = { type: this.type, code: this.code, message: this.message };
    if (this.param !== undefined) error.param = this.param;
    if (this.errors !== undefined && this.errors.length > 0) error.errors = this.errors;
    return { error };
  }
}

/** Shorthands. */
export const notFound = (what: string, param?: string) => new ApiError('not_found', 'not-found', `${what} was not found.`, param);
export const forbidden = (message: string, code = 'forbidden') => new ApiError('permission', code, message);
export const conflict = (code: string, message: string, param?: string, errors?: LocatedError[]) => new ApiError('conflict', code, message, param, errors);
export const unprocessable = (code: string, message: string, param?: string, errors?: LocatedError[]) =>
  new ApiError('unprocessable', code, message, param, errors);
