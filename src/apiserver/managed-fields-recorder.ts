/** Adapts the patch package's managedFields bookkeeping to the registry's recorder hook. */
import { apiVersionOf } from '../api/registry.js';
import { schemaForKind } from '../api/schema/index.js';
import type { ManagedFieldsRecorder } from './generic-registry.js';
import { recordUpdate } from './patch/index.js';

export const recordManagedFields: ManagedFieldsRecorder = (old, obj, manager, now, subresource) => {
  const apiVersion = obj.apiVersion ?? apiVersionOf({ group: '', version: 'v1' });
  const schema = obj.kind ? schemaForKind(apiVersion, obj.kind) : undefined;
  recordUpdate(old, obj, manager, apiVersion, now, subresource, schema ? { schema } : {});
};
