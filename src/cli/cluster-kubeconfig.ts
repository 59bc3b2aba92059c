/** Putting a cluster's admin access into kubeconfig files, and taking it out again. */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { kubeconfigEntryName, mergeKubeconfig, removeFromKubeconfig } from '../cluster/kubeconfig.js';
import { defaultKubeconfigPath, updateKubeconfigFile } from '../cluster/kubeconfig-file.js';
import type { ClusterPkiBundle } from '../cluster/pki.js';
import type { CliContext } from './context.js';

/** `--kubeconfig FILE` (resolved against the working folder), else the user's kubeconfig. */
export function kubeconfigPath(ctx: CliContext, option?: string): string {
  return option !== undefined ? resolve(ctx.cwd, option) : defaultKubeconfigPath(ctx.env, ctx.home);
}

/** Merges context, cluster and user `kubeling-<name>` into `path` and makes the context current. */
export async function writeClusterKubeconfig(
  path: string,
  clusterName: string,
  url: string,
  pki: ClusterPkiBundle,
): Promise<void> {
  await updateKubeconfigFile(path, (config) =>
    mergeKubeconfig(config, {
      entryName: kubeconfigEntryName(clusterName),
      server: url,
      caCertPem: pki.caCertPem,
      token: pki.adminToken,
      clientCertPem: pki.adminCertPem,
      clientKeyPem: pki.adminKeyPem,
    }),
  );
}

/** Removes `kubeling-<name>` from each existing file in `paths`; returns the files that changed. */
export async function removeClusterKubeconfig(paths: readonly string[], clusterName: string): Promise<string[]> {
  const changed: string[] = [];
  for (const path of new Set(paths)) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    const updated = await updateKubeconfigFile(path, (config) => {
      const result = removeFromKubeconfig(config, kubeconfigEntryName(clusterName));
      return result.removed ? result.config : undefined;
    });
    if (updated) changed.push(path);
  }
  return changed;
}
