/**
 * Patch semantics of kube-apiserver: JSON patch, JSON merge patch, strategic merge patch, server-side apply,
 * and the managedFields bookkeeping of every write. All functions are pure over JSON values (inputs are not
 * modified, except `recordUpdate`, which writes `metadata.managedFields` of the object it is given).
 */

export { applyConflictError } from './apply-conflicts.js';
export { type PathElement, pathToString } from './field-path.js';
export { FieldSet } from './field-set.js';
export { applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
export { lastAppliedAnnotation } from './last-applied.js';
export {
  defaultResetFields,
  type FieldManagerOptions,
  maxUpdateManagers,
  recordUpdate,
} from './managed-fields.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  type ManagedFieldsEntry,
  managerIdentifier,
} from './managed-fields-codec.js';
export { applyMergePatch } from './merge-patch.js';
export { type ServerSideApplyOptions, type ServerSideApplyResult, serverSideApply } from './server-side-apply.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
