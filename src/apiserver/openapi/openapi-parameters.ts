/** The request parameters kube-apiserver documents on its operations (descriptions in our own words). */
import type { OpenApiSchema } from './openapi-schemas.js';

function query(name: string, type: 'string' | 'boolean' | 'integer', description: string): OpenApiSchema {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const watch = query(
  'watch',
  'boolean',
  'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
);

export const parameters = {
  name: (kind: string): OpenApiSchema => ({
    name: 'name',
    in: 'path',
    description: `name of the ${kind}`,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  }),
  namespace: {
    name: 'namespace',
    in: 'path',
    description: 'object name and auth scope, such as for teams and projects',
    required: true,
    schema: { type: 'string', uniqueItems: true },
  } as OpenApiSchema,
  pretty: query('pretty', 'string', "If 'true', then the output is pretty printed."),
  dryRun: query(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. The only valid value is All: all dry run stages are processed.',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'The name of the actor or entity making these changes (at most 128 printable characters), recorded in managedFields.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'How the server treats unknown and duplicate fields in the request body: Ignore drops them silently; Warn (the default) drops them and returns a Warning header for each; Strict rejects the request with a BadRequest error listing all of them.',
  ),
  force: query(
    'force',
    'boolean',
    'Force applies the request and takes ownership of conflicting fields from other managers. Only for apply patches.',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted; zero means delete immediately.',
  ),
  orphanDependents: query(
    'orphanDependents',
    'boolean',
    'Deprecated: use propagationPolicy. Whether dependent objects should be orphaned.',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection is performed: 'Orphan', 'Background' or 'Foreground'.",
  ),
  watch,
  list: [
    query('allowWatchBookmarks', 'boolean', 'Requests watch events of type BOOKMARK.'),
    query('continue', 'string', 'The continue token of a previous list call, to retrieve the next page.'),
    query('fieldSelector', 'string', 'A selector to restrict the returned objects by their fields.'),
    query('labelSelector', 'string', 'A selector to restrict the returned objects by their labels.'),
    query('limit', 'integer', 'The maximum number of responses to return for a list call.'),
    query('resourceVersion', 'string', 'Constrains which resource versions a request may be served from.'),
    query('resourceVersionMatch', 'string', 'How resourceVersion applies to list calls: Exact or NotOlderThan.'),
    query(
      'sendInitialEvents',
      'boolean',
      'With watch=true, starts the stream with synthetic events for the current state.',
    ),
    query('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
    watch,
  ],
};
