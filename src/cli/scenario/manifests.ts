/** Reads manifest files (multi-document YAML) and applies them server-side through the API, like `kubectl apply --server-side`. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { findByKind } from '../../api/registry.js';
import type { KubeClient } from '../../client/types.js';

export async function readManifests(dir: string): Promise<KubeObject[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'), { version: '1.1' })) {
      const value = doc.toJSON() as KubeObject | null;
      if (value) objects.push(value);
    }
  }
  return objects;
}

/** Applies each object with server-side apply (field manager `kubeling`), in order; returns `kind/name` lines. */
export async function applyObjects(client: KubeClient, objects: readonly KubeObject[]): Promise<string[]> {
  const lines: string[] = [];
  for (const obj of objects) {
    const info = findByKind(obj.apiVersion ?? '', obj.kind ?? '');
    if (!info) throw new Error(`unknown kind ${obj.apiVersion}/${obj.kind}`);
    const namespace = info.namespaced ? (obj.metadata.namespace ?? 'default') : '';
    const name = obj.metadata.name ?? '';
    await client
      .resource({ group: info.group, version: info.version, resource: info.resource }, namespace)
      .patch(name, 'apply', obj, { fieldManager: 'kubeling', force: true });
    lines.push(`${info.group ? `${info.singular}.${info.group}` : info.singular}/${name} serverside-applied`);
  }
  return lines;
}
