/**
 * The one error type of kubeling. Every failure that reaches a client is a StatusError, rendered as the
 * Kubernetes `Status` object (meta/v1) with the HTTP code that Kubernetes uses for its reason.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'Timeout'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Expired';

const codeByReason: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  Timeout: 504,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Expired: 410,
};

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The wire shape of a meta/v1 Status. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Kubernetes' field.ErrorType, as it appears in `details.causes[].reason`. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** One validation failure at a field path such as `spec.template.spec.containers[0].name`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value; omitted from the message for Required, Forbidden, TooLong, TooMany and Internal. */
  badValue?: unknown;
  detail?: string;
  /** Allowed values, for FieldValueNotSupported. */
  supported?: readonly string[];
}

export class StatusError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details: StatusDetails | undefined;

  constructor(reason: StatusReason, message: string, details?: StatusDetails, code?: number) {
    super(message);
    this.name = 'StatusError';
    this.reason = reason;
    this.code = code ?? codeByReason[reason];
    this.details = details;
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** A group and resource (`deployments.apps`), the way Kubernetes names things in NotFound and Conflict messages. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function details(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: gr.resource };
  if (gr.group) d.group = gr.group;
  return d;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError('NotFound', `${qualifiedResource(gr)} "${name}" not found`, details(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError('AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, details(gr, name));
}

export const optimisticLockMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, why: string = optimisticLockMessage): StatusError {
  return new StatusError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
    details(gr, name),
  );
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function gone(message: string): StatusError {
  return new StatusError('Expired', message, undefined, 410);
}

export function methodNotAllowed(message: string): StatusError {
  return new StatusError('MethodNotAllowed', message);
}

export function internalError(message: string): StatusError {
  return new StatusError('InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

function quoteValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

const omitsValue = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'InternalError',
]);

/** The text after `field: `, as Kubernetes' field.Error.ErrorBody() renders it. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (!omitsValue.has(e.type) && 'badValue' in e) s += `: ${quoteValue(e.badValue)}`;
  if (e.type === 'FieldValueNotSupported' && e.supported && e.supported.length > 0) {
    s += `: supported values: ${e.supported.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (e.detail) {
    s += `: ${e.detail}`;
  }
  return s;
}

export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid: `details.kind` is the Kind (kubectl builds its message from it), causes carry field paths. */
export function invalid(group: string, kind: string, name: string, errors: readonly FieldError[]): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const messages = errors.map(fieldErrorMessage);
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const d: StatusDetails = {
    name,
    kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  };
  if (group) d.group = group;
  return new StatusError('Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, d);
}

/** Turns anything thrown into a StatusError (unknown errors become 500 InternalError, never a crash). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return internalError(message);
}
