/** `kubeling down`: stop a cluster, keeping its data. */
import { readClusterState } from '../../cluster/cluster-state.js';
import { DEFAULT_CLUSTER_NAME, findCluster, parseSeconds } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { stopClusterProcess } from '../stop-process.js';

interface DownFlags {
  name: string;
  timeout: number;
}

export async function down(ctx: CliContext, flags: DownFlags): Promise<number> {
  const target = await findCluster(ctx, flags.name);
  const state = await readClusterState(target.dataDir);
  if (state === undefined) throw new CliError(`cluster "${flags.name}" does not exist (no ${target.dataDir})`);
  const outcome = await stopClusterProcess(target.dataDir, state, flags.timeout * 1000);
  const messages = {
    'not-running': `cluster "${flags.name}" is not running`,
    stale: `cluster "${flags.name}" is not running (pid ${state.pid} of its last run is gone: it did not stop cleanly)`,
    stopped: `stopped cluster "${flags.name}" (data kept in ${target.dataDir})`,
    killed: `cluster "${flags.name}" did not stop within ${flags.timeout} s: killed pid ${state.pid}`,
  };
  ctx.out(messages[outcome]);
  return 0;
}

export const registerDown: RegisterCommand = (program, ctx, result) => {
  program
    .command('down')
    .description('stop a cluster; its data and kubeconfig entries stay for the next "kubeling up"')
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('--timeout <seconds>', 'how long to wait for a clean stop before killing the process', parseSeconds, 30)
    .addHelpText('after', examples(['kubeling down', 'kubeling down --name dev']))
    .action(async (flags: DownFlags) => {
      result.code = await down(ctx, flags);
    });
};
