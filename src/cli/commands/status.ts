/** `kubeling status`: a table of the clusters under the kubeling home. */
import { readFileSync } from 'node:fs';
import { type ClusterListing, kubelingHome, listClusters } from '../../cluster/cluster-registry.js';
import { clientForDataDir } from '../cluster-client.js';
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
  /** Pods in the cluster (running clusters only). */
  pods: number | null;
  /** Resident memory of the cluster's process in MiB (its pods not included). */
  memoryMiB: number | null;
  ingressUrl: string | null;
}

function rssMiB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function podCount(c: ClusterListing): Promise<number | null> {
  if (c.state !== 'running' || !c.record?.url) return null;
  try {
    const client = await clientForDataDir(c.dataDir, c.record.url);
    return (await client.resource({ group: '', version: 'v1', resource: 'pods' }).list()).items.length;
  } catch {
    return null;
  }
}

async function toJson(c: ClusterListing): Promise<ClusterStatusJson> {
  const pid = c.state === 'running' ? (c.record?.pid ?? null) : null;
  return {
    pods: await podCount(c),
    memoryMiB: pid === null ? null : rssMiB(pid),
    ingressUrl: c.state === 'running' ? (c.record?.ingressUrl ?? null) : null,
    name: c.name,
    state: c.state,
    stale: c.stale,
    url: c.record?.url ?? null,
    pid,
    dataDir: c.dataDir,
    started: c.record?.started ?? null,
  };
}

export async function status(ctx: CliContext, flags: StatusFlags): Promise<number> {
  if (flags.output !== 'table' && flags.output !== 'json') {
    throw new CliError(`unknown output format "${flags.output}": use table or json`);
  }
  const clusters = await Promise.all((await listClusters(kubelingHome(ctx.env, ctx.home))).map(toJson));
  if (flags.output === 'json') {
    ctx.out(JSON.stringify(clusters, null, 2));
    return 0;
  }
  if (clusters.length === 0) {
    ctx.out('no clusters; start one with: kubeling up');
    return 0;
  }
  const dash = (v: number | string | null, unit = '') => (v === null ? '-' : `${v}${unit}`);
  const rows = clusters.map((c) => [
    c.name,
    c.state,
    c.url ?? '-',
    dash(c.ingressUrl),
    dash(c.pods),
    dash(c.memoryMiB, 'Mi'),
    dash(c.pid),
    c.dataDir,
  ]);
  ctx.out(formatTable(['NAME', 'STATE', 'URL', 'INGRESS', 'PODS', 'MEMORY', 'PID', 'DATA DIR'], rows));
  for (const c of clusters.filter((c) => c.stale)) {
    ctx.out(`note: "${c.name}" did not stop cleanly (its process is gone); "kubeling up --name ${c.name}" restarts it`);
  }
  return 0;
}

export const registerStatus: RegisterCommand = (program, ctx, result) => {
  program
    .command('status')
    .description('list clusters: state, API and ingress URLs, pods, memory, pid and data dir')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', examples(['kubeling status', 'kubeling status -o json']))
    .action(async (flags: StatusFlags) => {
      result.code = await status(ctx, flags);
    });
};
