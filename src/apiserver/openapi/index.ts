/** OpenAPI documents as kube-apiserver serves them: v3 per group-version (for kubectl explain/apply), v2 empty. */

export { componentName, type GroupVersionKind, type OpenApiSchema } from './openapi-schemas.js';
export { openapiV2Body, openapiV2ContentType } from './openapi-v2.js';
export {
  groupVersionPath,
  type OpenApiDocument,
  openapiV3Document,
  openapiV3DocumentBody,
  openapiV3Paths,
} from './openapi-v3.js';
