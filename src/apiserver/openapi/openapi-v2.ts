/**
 * `GET /openapi/v2`: kubectl asks for the protobuf form (`Accept: application/com.github.proto-openapi.spec.v2@v1.0
 * +protobuf`) and a zero-length body is a valid, empty document. Every kubectl version then validates nothing
 * client-side and relies on the server (`fieldValidation`) and on OpenAPI v3. The content type must not contain
 * the `@` of the Accept header, which Go's media-type parser rejects.
 */
export const openapiV2ContentType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** The body to send with `openapiV2ContentType`: zero bytes. */
export function openapiV2Body(): Buffer {
  return Buffer.alloc(0);
}
