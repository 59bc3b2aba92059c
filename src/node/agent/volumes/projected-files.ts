/**
 * The files of ConfigMap, Secret, downwardAPI and projected volumes (the kubelet's volume plugins): every key, or
 * the listed `items` with their paths and modes; `optional` sources may be missing. Failures carry the kubelet's
 * wording (`configmap "x" not found`, `configmap references non-existent config key: k`).
 */
import type {
  ConfigMapVolumeSource,
  DownwardAPIVolumeFile,
  KeyToPath,
  Pod,
  SecretVolumeSource,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { EnvSources } from '../env/container-env.js';
import { fieldRefValue, type PodAddresses, resourceFieldRefValue } from '../env/downward-api.js';
import type { ProjectedFile } from './atomic-writer.js';

/** 0644, Kubernetes' default mode of projected files. */
export const defaultFileMode = 0o644;

export interface ProjectionContext {
  pod: Pod;
  addresses: PodAddresses;
  nodeAllocatable: Readonly<Record<string, string>>;
  sources: EnvSources;
}

type Files = Map<string, ProjectedFile>;

function addKeys(
  files: Files,
  data: ReadonlyMap<string, Buffer>,
  items: readonly KeyToPath[] | undefined,
  mode: number,
  missingKey: (key: string) => string,
  optional: boolean,
): void {
  if (!items || items.length === 0) {
    for (const [k, v] of data) files.set(k, { content: v, mode });
    return;
  }
  for (const item of items) {
    const content = data.get(item.key);
    if (!content) {
      if (optional) continue;
      throw new Error(missingKey(item.key));
    }
    files.set(item.path, { content, mode: item.mode ?? mode });
  }
}

async function configMapFiles(
  files: Files,
  source: Pick<ConfigMapVolumeSource, 'name' | 'items' | 'optional'>,
  mode: number,
  ctx: ProjectionContext,
): Promise<void> {
  const name = source.name ?? '';
  const cm = await ctx.sources.configMap(ctx.pod.metadata?.namespace ?? '', name);
  if (!cm) {
    if (source.optional) return;
    throw new Error(`configmap "${name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) data.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data.set(k, Buffer.from(v, 'base64'));
  addKeys(
    files,
    data,
    source.items,
    mode,
    (k) => `configmap references non-existent config key: ${k}`,
    source.optional ?? false,
  );
}

async function secretFiles(
  files: Files,
  source: { name?: string; items?: KeyToPath[]; optional?: boolean },
  mode: number,
  ctx: ProjectionContext,
): Promise<void> {
  const name = source.name ?? '';
  const secret = await ctx.sources.secret(ctx.pod.metadata?.namespace ?? '', name);
  if (!secret) {
    if (source.optional) return;
    throw new Error(`secret "${name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(secret.data ?? {})) data.set(k, Buffer.from(v, 'base64'));
  addKeys(files, data, source.items, mode, (k) => `references non-existent secret key: ${k}`, source.optional ?? false);
}

function downwardFiles(files: Files, items: readonly DownwardAPIVolumeFile[], mode: number, ctx: ProjectionContext) {
  for (const item of items) {
    let value = '';
    if (item.fieldRef) value = fieldRefValue(item.fieldRef, ctx.pod, ctx.addresses);
    else if (item.resourceFieldRef) {
      value = resourceFieldRefValue(item.resourceFieldRef, ctx.pod, undefined, ctx.nodeAllocatable);
    }
    files.set(item.path, { content: Buffer.from(value, 'utf8'), mode: item.mode ?? mode });
  }
}

/** The files of a ConfigMap, Secret, downwardAPI or projected volume; undefined for other volume types. */
export async function projectedFiles(volume: Volume, ctx: ProjectionContext): Promise<Files | undefined> {
  const files: Files = new Map();
  if (volume.configMap) {
    await configMapFiles(files, volume.configMap, volume.configMap.defaultMode ?? defaultFileMode, ctx);
  } else if (volume.secret) {
    const s: SecretVolumeSource = volume.secret;
    await secretFiles(
      files,
      { name: s.secretName ?? '', ...(s.items ? { items: s.items } : {}), ...(s.optional ? { optional: true } : {}) },
      s.defaultMode ?? defaultFileMode,
      ctx,
    );
  } else if (volume.downwardAPI) {
    downwardFiles(files, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? defaultFileMode, ctx);
  } else if (volume.projected) {
    const mode = volume.projected.defaultMode ?? defaultFileMode;
    for (const source of volume.projected.sources ?? []) {
      if (source.configMap) await configMapFiles(files, source.configMap, mode, ctx);
      else if (source.secret) await secretFiles(files, source.secret, mode, ctx);
      else if (source.downwardAPI) downwardFiles(files, source.downwardAPI.items ?? [], mode, ctx);
    }
  } else {
    return undefined;
  }
  return files;
}
