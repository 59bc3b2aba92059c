/**
 * Which protobuf message (and so which schema) a group-version-kind has: the registry's kinds and their lists,
 * every other kind vendored for the group-version (`Scale` in autoscaling/v1, `Binding`, `Eviction`, …), and the
 * meta/v1 kinds any group-version accepts (`DeleteOptions`, `Status`, …).
 */
import { findByKind, resources } from '../registry.js';
import { isKindMessage, schemaForMessage } from './schema-build.js';
import type { SchemaNode } from './schema-node.js';

const metaPackage = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** meta/v1 kinds that every group-version accepts (as kube-apiserver registers them as unversioned types). */
const metaKinds: ReadonlySet<string> = new Set([
  'DeleteOptions',
  'Status',
  'ListOptions',
  'GetOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'APIResourceList',
  'APIGroup',
  'APIGroupList',
  'APIVersions',
]);

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The proto package of a group-version's types: `v1` → `k8s.io.api.core.v1`, `rbac.authorization.k8s.io/v1` → `k8s.io.api.rbac.v1`. */
export function protoPackageOf(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return `k8s.io.api.${group ? group.split('.')[0] : 'core'}.${version}`;
}

/** The full protobuf message name of a kind, if kubeling has its schema. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  const registered = findByKind(apiVersion, kind);
  if (registered) return registered.protoMessage;
  const listed = resources.find(
    (r) => r.listKind === kind && (r.group ? `${r.group}/${r.version}` : r.version) === apiVersion,
  );
  if (listed) return `${listed.protoMessage}List`;
  const { version } = splitApiVersion(apiVersion);
  if (metaKinds.has(kind) && version === 'v1') return `${metaPackage}.${kind}`;
  const guess = `${protoPackageOf(apiVersion)}.${kind}`;
  if (schemaForMessage(guess) && isKindMessage(guess)) return guess;
  return undefined;
}

/** The schema of a kind (`apiVersion` as in objects: `v1`, `apps/v1`), or undefined for kinds kubeling does not know. */
export function schemaForKind(apiVersion: string, kind: string): SchemaNode | undefined {
  const message = messageForKind(apiVersion, kind);
  return message ? schemaForMessage(message) : undefined;
}
