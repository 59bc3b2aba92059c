/**
 * The API schema model: Kubernetes types as SchemaNodes built from the vendored `generated.proto` files, and the
 * decoder checks kube-apiserver applies with them (unknown, duplicate and mistyped fields).
 */
export {
  cannotBeHandled,
  type FieldValidationDirective,
  type FieldValidationInput,
  validateFields,
} from './field-validation.js';
export { goTypeOf } from './go-type-names.js';
export { findDuplicateFields, type StrictJsonError, strictErrorText, strictJsonErrors } from './json-strict-scan.js';
export { type CatalogStats, catalogStats, loadProtoRoot, protoCatalog, setSchemaCacheDir } from './proto-catalog.js';
export { describe as describeComment } from './proto-comments.js';
export { isKindMessage, schemaForMessage } from './schema-build.js';
export { checkAgainstSchema, type SchemaCheckOptions, type SchemaCheckResult } from './schema-check.js';
export { messageForKind, protoPackageOf, schemaForKind } from './schema-for-kind.js';
export type { FieldSchema, SchemaNode, SchemaType } from './schema-node.js';
