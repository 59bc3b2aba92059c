/**
 * The OpenAPI v3 discovery document (`GET /openapi/v3`) and one document per group-version
 * (`GET /openapi/v3/apis/apps/v1?hash=…`), as kube-apiserver serves them. Documents are built once per process;
 * the `hash` is the uppercase hex SHA-512 of the document's JSON, so clients may cache them forever.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, groupVersions, resources } from '../../api/registry.js';
import { addResourcePaths } from './openapi-paths.js';
import { ComponentCollector, type OpenApiSchema } from './openapi-schemas.js';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, OpenApiSchema>;
  components: { schemas: Record<string, OpenApiSchema>; securitySchemes: Record<string, OpenApiSchema> };
}

interface Built {
  doc: OpenApiDocument;
  json: string;
  hash: string;
}

const built = new Map<string, Built>();

/** `api/v1` or `apis/<group>/<version>`: the key of a group-version in `/openapi/v3`. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function normalize(path: string): string {
  return path
    .split('?')[0]!
    .replace(/^\/+/, '')
    .replace(/^openapi\/v3\//, '')
    .replace(/\/+$/, '');
}

function build(gvPath: string): Built | undefined {
  const cached = built.get(gvPath);
  if (cached) return cached;
  const gv = groupVersions().find((g) => groupVersionPath(g.group, g.version) === gvPath);
  if (!gv) return undefined;
  const collector = new ComponentCollector({ group: gv.group, version: gv.version, kind: '' });
  const paths: Record<string, OpenApiSchema> = {};
  for (const r of resources) {
    if (apiVersionOf(r) === apiVersionOf(gv)) addResourcePaths(paths, r, collector);
  }
  collector.drain();
  const doc: OpenApiDocument = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      schemas: collector.sorted(),
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
  const json = JSON.stringify(doc);
  const result = { doc, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
  built.set(gvPath, result);
  return result;
}

/** The body of `GET /openapi/v3`: every served group-version with the URL of its document. */
export function openapiV3Paths(): Record<string, { serverRelativeURL: string }> {
  const out: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) {
    const key = groupVersionPath(gv.group, gv.version);
    const b = build(key);
    if (b) out[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${b.hash}` };
  }
  return out;
}

/**
 * The document of one group-version, by its key (`apis/apps/v1`; a leading `/openapi/v3/` and a query string
 * are ignored), or undefined if kubeling does not serve it.
 */
export function openapiV3Document(path: string): OpenApiDocument | undefined {
  return build(normalize(path))?.doc;
}

/** The serialized document and its hash (serve `json` as `application/json`; `hash` doubles as an ETag). */
export function openapiV3DocumentBody(path: string): { json: string; hash: string } | undefined {
  const b = build(normalize(path));
  return b ? { json: b.json, hash: b.hash } : undefined;
}
