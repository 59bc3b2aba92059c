/** Rebuilds the server's `StatusError` from an error response, the way client-go's `errors.FromObject` does. */
import { isJsonObject } from '../api/object.js';
import { type StatusDetails, StatusError, type StatusReason } from '../api/status-error.js';

const knownReasons = new Set<string>([
  'BadRequest',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Invalid',
  'MethodNotAllowed',
  'NotAcceptable',
  'UnsupportedMediaType',
  'RequestEntityTooLarge',
  'Timeout',
  'TooManyRequests',
  'InternalError',
  'ServiceUnavailable',
  'Expired',
]);

/** The reason client-go infers from a bare HTTP code (`NewGenericServerResponse`). */
function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return 'InternalError';
  }
}

function isReason(v: unknown): v is StatusReason {
  return typeof v === 'string' && knownReasons.has(v);
}

/** A StatusError from a `Status` object (e.g. the object of a watch ERROR event). */
export function statusErrorFromStatus(status: unknown, httpCode?: number): StatusError {
  const s = isJsonObject(status) ? status : {};
  const code = typeof s.code === 'number' && s.code > 0 ? s.code : (httpCode ?? 500);
  const reason = isReason(s.reason) ? s.reason : reasonForCode(code);
  const message =
    typeof s.message === 'string' && s.message !== ''
      ? s.message
      : `the server responded with the status code ${code} but did not return more information`;
  const details = isJsonObject(s.details) ? (s.details as StatusDetails) : undefined;
  return new StatusError(reason, message, details, code);
}

/** A StatusError from a non-2xx response: its Status body, or one inferred from the code and text. */
export function statusErrorFromResponse(httpCode: number, text: string): StatusError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isJsonObject(body) && body.kind === 'Status') return statusErrorFromStatus(body, httpCode);
  const trimmed = text.trim();
  return statusErrorFromStatus(trimmed ? { message: trimmed, code: httpCode } : { code: httpCode }, httpCode);
}

/** True for 410 Gone / Expired (a watch or continue token that fell out of the server's history). */
export function isExpired(err: unknown): boolean {
  return err instanceof StatusError && err.code === 410;
}

/** True for a 409 optimistic-concurrency Conflict (not AlreadyExists). */
export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'Conflict';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}
