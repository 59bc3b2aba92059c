/**
 * The errors kube-apiserver's patch handler (`pkg/endpoints/handlers/patch.go`) returns, as StatusErrors.
 */

import { StatusError } from '../../api/status-error.js';

/**
 * 422 for a patch that decodes but cannot be applied (failed JSON patch `test`, missing path, lists of lists
 * in a strategic merge patch...). Upstream builds it with `NewGenericServerResponse(422, ...)`, whose message
 * is this fixed sentence; kubectl prints `The request is invalid: the server rejected our request ...`.
 */
export function patchNotApplicable(): StatusError {
  return new StatusError('Invalid', 'the server rejected our request due to an error in our request', {});
}

/** 400 for a patch document that cannot be decoded or has a malformed directive. */
export function patchBadRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

/**
 * 500 carrying a plain error message. Upstream returns the bare Go error, which the apiserver renders with code
 * 500 and an empty reason (kubectl: `Error from server: <message>`); the closest reason kubeling has is
 * InternalError.
 */
export function patchFailure(message: string): StatusError {
  return new StatusError('InternalError', message, undefined, 500);
}

/** The apiserver's cap on the number of JSON patch operations. */
export const maxJsonPatchOperations = 10000;

export function tooManyOperations(count: number): StatusError {
  return new StatusError(
    'RequestEntityTooLarge',
    `The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${count}`,
  );
}
