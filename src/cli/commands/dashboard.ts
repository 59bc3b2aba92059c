/**
 * `kubeling dashboard`: prints (and with --open, opens) the URL of a running cluster's dashboard, token included.
 * A cluster whose process records no dashboard gets one served from this process until Ctrl+C.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpsClient } from '../../client/https-client.js';
import { clusterLiveness, readClusterState } from '../../cluster/cluster-state.js';
import { PKI_FILES, pkiDir } from '../../cluster/pki-store.js';
import { startDashboard } from '../../dashboard/index.js';
import { DEFAULT_CLUSTER_NAME, findCluster, parsePort } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { processSignalStop } from './up.js';

interface DashboardFlags {
  name: string;
  open?: boolean;
  port: number;
}

/** Opens `url` with the desktop's opener (xdg-open, open); failing to is not an error, the URL is printed. */
function openInBrowser(ctx: CliContext, url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => ctx.err(`could not run ${opener}: open the URL above in a browser`));
  child.unref();
}

export async function dashboard(ctx: CliContext, flags: DashboardFlags): Promise<number> {
  const target = await findCluster(ctx, flags.name);
  const state = await readClusterState(target.dataDir);
  if (!state || clusterLiveness(state).state !== 'running') {
    const hint = flags.name === DEFAULT_CLUSTER_NAME ? '' : ` --name ${flags.name}`;
    throw new CliError(`cluster "${flags.name}" is not running; start it with: kubeling up${hint}`);
  }
  if (state.dashboardUrl) {
    ctx.out(state.dashboardUrl);
    if (flags.open) openInBrowser(ctx, state.dashboardUrl);
    return 0;
  }
  const dir = pkiDir(target.dataDir);
  const [caPem, token] = await Promise.all([
    readFile(join(dir, PKI_FILES.caCert), 'utf8'),
    readFile(join(dir, PKI_FILES.adminToken), 'utf8'),
  ]);
  const client = httpsClient({ server: state.url, caPem, token: token.trim(), fieldManager: 'kubeling-dashboard' });
  const signals = ctx.foreground ?? processSignalStop(ctx);
  try {
    const running = await startDashboard({ client, host: '127.0.0.1', port: flags.port });
    ctx.out(running.url);
    ctx.err(`cluster "${flags.name}" runs no dashboard: serving one from this process (Ctrl+C stops it)`);
    if (flags.open) openInBrowser(ctx, running.url);
    await signals.stopRequested();
    await running.stop();
  } finally {
    signals.dispose?.();
    client.close?.();
  }
  return 0;
}

export const registerDashboard: RegisterCommand = (program, ctx, result) => {
  program
    .command('dashboard')
    .description("print the URL of the cluster's dashboard (a live drawing of its objects), with its access token")
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('--open', 'also open it in the default browser')
    .option('--port <port>', 'port when this command has to serve the dashboard itself (0 = any free)', parsePort, 0)
    .addHelpText(
      'after',
      examples(['kubeling dashboard', 'kubeling dashboard --open', 'kubeling dashboard --name dev']),
    )
    .action(async (flags: DashboardFlags) => {
      result.code = await dashboard(ctx, flags);
    });
};
