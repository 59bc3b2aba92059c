/** `kubeling status`: a table of the clusters under the kubeling home. */
import { type ClusterListing, kubelingHome, listClusters } from '../../cluster/cluster-registry.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { formatTable } from '../table.js';

interface StatusFlags {
  output: string;
}

/** The JSON form of one cluster (`kubeling status -o json`). */
export interface ClusterStatusJson {
  name: string;
  state: 'running' | 'stopped';
  /** A pid was recorded but its process is gone: the last run did not stop cleanly. */
  stale: boolean;
  url: string | null;
  pid: number | null;
  dataDir: string;
  started: string | null;
}

function toJson(c: ClusterListing): ClusterStatusJson {
  return {
    name: c.name,
    state: c.state,
    stale: c.stale,
    url: c.record?.url ?? null,
    pid: c.state === 'running' ? (c.record?.pid ?? null) : null,
    dataDir: c.dataDir,
    started: c.record?.started ?? null,
  };
}

export async function status(ctx: CliContext, flags: StatusFlags): Promise<number> {
  if (flags.output !== 'table' && flags.output !== 'json') {
    throw new CliError(`unknown output format "${flags.output}": use table or json`);
  }
  const clusters = (await listClusters(kubelingHome(ctx.env, ctx.home))).map(toJson);
  if (flags.output === 'json') {
    ctx.out(JSON.stringify(clusters, null, 2));
    return 0;
  }
  if (clusters.length === 0) {
    ctx.out('no clusters; start one with: kubeling up');
    return 0;
  }
  const rows = clusters.map((c) => [c.name, c.state, c.url ?? '-', c.pid === null ? '-' : String(c.pid), c.dataDir]);
  ctx.out(formatTable(['NAME', 'STATE', 'URL', 'PID', 'DATA DIR'], rows));
  for (const c of clusters.filter((c) => c.stale)) {
    ctx.out(`note: "${c.name}" did not stop cleanly (its process is gone); "kubeling up --name ${c.name}" restarts it`);
  }
  return 0;
}

export const registerStatus: RegisterCommand = (program, ctx, result) => {
  program
    .command('status')
    .description('list clusters: name, state (running or stopped), API URL, pid and data dir')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', examples(['kubeling status', 'kubeling status -o json']))
    .action(async (flags: StatusFlags) => {
      result.code = await status(ctx, flags);
    });
};
