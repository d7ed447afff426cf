import { moveOutcomeOf } from '../order/delivery-policy.js';

/**
 * The quote service's refusals as the page holds them: its error shape (`{ error: { type, code,
 * message, param?, errors? } }`) read into `ServiceError`. Small and in the first chunk, so that
 * even a failure to load the service client itself is reported the same way.
 */

/** A located problem, as the service reports it. */
export interface ServiceProblem {
  path: string;
  message: string;
  code?: string;
}

/** The service refused a request; `status` 0: it could not be reached. */
export class ServiceError extends Error {
  override name = 'ServiceError';

  constructor(readonly status: number, readonly code: string, message: string, readonly errors: ServiceProblem[]) {
    super(message);
  }

  /** A network failure (or a passing trouble: 408, 425, 429, 5xx): the same request may succeed later. */
  get passing(): boolean {
    return this.status === 0 || moveOutcomeOf(this.status) === 'retry';
  }
}

/** The error an answer stands for (`{ error: { code, message, param?, errors? } }`, or anything else). */
export function serviceError(status: number, body: unknown, fallback = `HTTP ${status}`): ServiceError {
  const e = (body as { error?: { code?: unknown; message?: unknown; param?: unknown; errors?: unknown } } | undefined)?.error;
  const message = typeof e?.message === 'string' ? e.message : fallback;
  const code = typeof e?.code === 'string' ? e.code : status === 0 ? 'unreachable' : `http-${status}`;
  const listed = Array.isArray(e?.errors) ? (e.errors as ServiceProblem[]).filter((x) => x && typeof x.message === 'string') : [];
  const errors = listed.length > 0 ? listed.map((x) => ({ path: String(x.path ?? ''), message: x.message, code: x.code ?? code }))
    : [{ path: typeof e?.param === 'string' ? e.param : '', message, code }];
  return new ServiceError(status, code, message, errors);
}
