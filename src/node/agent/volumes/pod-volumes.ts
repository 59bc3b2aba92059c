/**
 * A pod's volumes on the host, under `<podDir>/volumes/<plugin>/<volume>` as the kubelet lays them out:
 * ConfigMap, Secret, downwardAPI and projected volumes are written atomically (and rewritten when their source
 * changes), emptyDir is a directory, hostPath is the host's own path; other types become empty directories.
 *
 * Containers see their `volumeMounts` through the `KUBELING_MOUNTS` environment variable (see
 * src/node/images/container-mounts.ts): a JSON object `{ "<mountPath>": "<host path>" }`, the host path
 * including the mount's `subPath` (or `subPathExpr` expanded with the container's environment).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container, Volume } from 'kubernetes-types/core/v1.js';
import { expand, mappingFor } from '../env/expansion.js';
import { writeProjectedFiles } from './atomic-writer.js';
import { type ProjectionContext, projectedFiles } from './projected-files.js';

/** A volume that cannot be set up; the pod stays in ContainerCreating and retries. */
export class VolumeSetupError extends Error {
  constructor(
    readonly volume: string,
    cause: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${cause}`);
    this.name = 'VolumeSetupError';
  }
}

function pluginDir(volume: Volume): string {
  if (volume.configMap) return 'kubernetes.io~configmap';
  if (volume.secret) return 'kubernetes.io~secret';
  if (volume.downwardAPI) return 'kubernetes.io~downward-api';
  if (volume.projected) return 'kubernetes.io~projected';
  if (volume.emptyDir) return 'kubernetes.io~empty-dir';
  return 'kubernetes.io~other';
}

export function volumesDir(podDir: string): string {
  return join(podDir, 'volumes');
}

/** Sets every volume up (or refreshes it); resolves volume name → host path. */
export async function setUpVolumes(podDir: string, ctx: ProjectionContext): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const volume of ctx.pod.spec?.volumes ?? []) {
    if (volume.hostPath) {
      const type = volume.hostPath.type ?? '';
      if (type === 'DirectoryOrCreate') await mkdir(volume.hostPath.path, { recursive: true });
      paths.set(volume.name, volume.hostPath.path);
      continue;
    }
    const dir = join(volumesDir(podDir), pluginDir(volume), volume.name);
    let files: Awaited<ReturnType<typeof projectedFiles>>;
    try {
      files = await projectedFiles(volume, ctx);
    } catch (err) {
      throw new VolumeSetupError(volume.name, err instanceof Error ? err.message : String(err));
    }
    if (files) await writeProjectedFiles(dir, files);
    else await mkdir(dir, { recursive: true });
    paths.set(volume.name, dir);
  }
  return paths;
}

export async function tearDownVolumes(podDir: string): Promise<void> {
  await rm(volumesDir(podDir), { recursive: true, force: true });
}

/**
 * A container's mount table (mountPath → host path). Throws when a mount names a volume the pod lacks or its
 * subPath leaves the volume.
 */
export function containerMounts(
  container: Container,
  volumePaths: ReadonlyMap<string, string>,
  env: ReadonlyMap<string, string>,
): Record<string, string> {
  const table: Record<string, string> = {};
  for (const m of container.volumeMounts ?? []) {
    const base = volumePaths.get(m.name);
    if (base === undefined)
      throw new Error(`cannot find volume "${m.name}" to mount into container "${container.name}"`);
    const subPath = m.subPathExpr ? expand(m.subPathExpr, mappingFor(env)) : (m.subPath ?? '');
    if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
      throw new Error(`unable to provision SubPath \`${subPath}\`: must not contain '..' or be absolute`);
    }
    table[m.mountPath] = subPath ? join(base, subPath) : base;
  }
  return table;
}
