/** `kubeling delete`: stop a cluster and remove its data dir and kubeconfig entries. */
import { access, rm } from 'node:fs/promises';
import { unregisterCluster } from '../../cluster/cluster-registry.js';
import { readClusterState } from '../../cluster/cluster-state.js';
import { kubeconfigEntryName } from '../../cluster/kubeconfig.js';
import { kubeconfigPath, removeClusterKubeconfig } from '../cluster-kubeconfig.js';
import { DEFAULT_CLUSTER_NAME, findCluster, parseSeconds } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import type { CliContext } from '../context.js';
import { stopClusterProcess } from '../stop-process.js';

interface DeleteFlags {
  name: string;
  timeout: number;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

export async function deleteCluster(ctx: CliContext, flags: DeleteFlags): Promise<number> {
  const target = await findCluster(ctx, flags.name);
  const state = await readClusterState(target.dataDir).catch(() => undefined);
  if (state !== undefined) await stopClusterProcess(target.dataDir, state, flags.timeout * 1000);
  const changed = await removeClusterKubeconfig([...(state?.kubeconfigs ?? []), kubeconfigPath(ctx)], flags.name);
  for (const file of changed) ctx.out(`removed context "${kubeconfigEntryName(flags.name)}" from ${file}`);
  const hadDir = await exists(target.dataDir);
  // A custom data dir is removed only once it is known to be ours (it has a state file).
  if (hadDir && (state !== undefined || !target.customDataDir)) {
    await rm(target.dataDir, { recursive: true, force: true });
  }
  await unregisterCluster(target.home, flags.name);
  if (!hadDir && changed.length === 0) {
    ctx.out(`cluster "${flags.name}" does not exist`);
    return 0;
  }
  ctx.out(`deleted cluster "${flags.name}"${hadDir ? ` and ${target.dataDir}` : ''}`);
  return 0;
}

export const registerDelete: RegisterCommand = (program, ctx, result) => {
  program
    .command('delete')
    .description('stop a cluster and remove its data dir and kubeconfig entries')
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('--timeout <seconds>', 'how long to wait for a clean stop before killing the process', parseSeconds, 30)
    .addHelpText('after', examples(['kubeling delete', 'kubeling delete --name dev']))
    .action(async (flags: DeleteFlags) => {
      result.code = await deleteCluster(ctx, flags);
    });
};
