/** `kubeling up`: start a cluster, in the foreground or (`--detach`) in the background. */
import { clusterLiveness, readClusterState } from '../../cluster/cluster-state.js';
import { runCluster } from '../../cluster/run-cluster.js';
import { DEFAULT_CLUSTER_NAME, parsePort, parseSeconds, targetForUp } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import type { CliContext } from '../context.js';
import { upDetached } from '../up-detached.js';
import { type ForegroundDeps, type UpOptions, upForeground } from '../up-foreground.js';

interface UpFlags {
  name: string;
  port?: number;
  dataDir?: string;
  kubeconfig?: string;
  detach?: boolean;
  timeout: number;
  ingressPort?: number;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Stop requests from the OS: resolves on the first SIGINT/SIGTERM/SIGHUP (listening starts at once, so a signal
 * during startup is not lost); a second signal exits at once. `dispose` removes the handlers.
 */
export function processSignalStop(ctx: CliContext): Pick<ForegroundDeps, 'stopRequested' | 'dispose'> {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const forced = (signal: NodeJS.Signals): void => {
    ctx.err(`${signal} again: exiting without a clean stop`);
    process.exit(1);
  };
  const requested = new Promise<string>((resolvePromise) => {
    onSignal = (signal) => {
      for (const s of STOP_SIGNALS) process.removeListener(s, onSignal).on(s, forced);
      resolvePromise(signal);
    };
  });
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    stopRequested: () => requested,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.removeListener(s, onSignal).removeListener(s, forced);
    },
  };
}

/** Runs `kubeling up` with parsed flags; `deps` replaces the real cluster and signals in tests. */
export async function up(ctx: CliContext, flags: UpFlags, deps = ctx.foreground): Promise<number> {
  const target = await targetForUp(ctx, flags.name, flags.dataDir);
  const state = await readClusterState(target.dataDir).catch(() => undefined);
  if (state !== undefined && clusterLiveness(state).state === 'running') {
    ctx.out(`cluster "${target.name}" is already running at ${state.url} (pid ${state.pid})`);
    return 0;
  }
  const options: UpOptions = {
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.ingressPort !== undefined ? { ingressPort: flags.ingressPort } : {}),
  };
  if (flags.detach) return upDetached(ctx, target, options, flags.timeout * 1000);
  return upForeground(ctx, target, options, deps ?? { runCluster, ...processSignalStop(ctx) });
}

export const registerUp: RegisterCommand = (program, ctx, result) => {
  program
    .command('up')
    .description('start a cluster (in the foreground until Ctrl+C, or in the background with --detach)')
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option(
      '--port <port>',
      'API server port; 0 picks a free one (default: the last port, else 6443 if free)',
      parsePort,
    )
    .option('--data-dir <dir>', 'folder for the cluster data (default: <$KUBELING_HOME or ~/.kubeling>/<name>)')
    .option(
      '--kubeconfig <file>',
      'write the kubeconfig to this file only (default: merge into $KUBECONFIG or ~/.kube/config)',
    )
    .option(
      '--ingress-port <port>',
      'HTTP port of the ingress (default: 80 as root, else 8080; a free one if taken)',
      parsePort,
    )
    .option('-d, --detach', 'start in the background and return once the API is ready')
    .option('--timeout <seconds>', 'with --detach: how long to wait for the API', parseSeconds, 60)
    .addHelpText(
      'after',
      examples([
        'kubeling up                                  # cluster "kubeling" on port 6443, Ctrl+C stops it',
        'kubeling up --detach                         # same, in the background (logs in ~/.kubeling/kubeling/kubeling.log)',
        'kubeling up --name dev --port 0 --detach     # a second cluster on a free port',
        'kubeling up --kubeconfig ./dev.kubeconfig    # leave ~/.kube/config alone',
      ]),
    )
    .action(async (flags: UpFlags) => {
      result.code = await up(ctx, flags);
    });
};
