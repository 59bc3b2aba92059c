/**
 * `kubeling start` (`npm start`): a cluster with the seed scenario running, and a live view of it. Starts the cluster
 * in this process (Ctrl+C stops everything: no process is left behind) or reuses a running one (left running).
 */
import { clusterLiveness, readClusterState } from '../../cluster/cluster-state.js';
import { kubeconfigEntryName } from '../../cluster/kubeconfig.js';
import { type RunningCluster, runCluster } from '../../cluster/run-cluster.js';
import { clientForDataDir } from '../cluster-client.js';
import { DEFAULT_CLUSTER_NAME, targetForUp } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import type { CliContext } from '../context.js';
import { runSeedScenario, type ScenarioIO } from '../scenario/run-scenario.js';
import { upForeground } from '../up-foreground.js';
import { processSignalStop } from './up.js';

interface StartFlags {
  name: string;
}

function scenarioIO(ctx: CliContext): ScenarioIO {
  const tty = process.stdout.isTTY && !ctx.env.CI;
  return tty
    ? { out: (t) => ctx.out(t), redraw: (t) => process.stdout.write(`\x1b[H\x1b[2J${t}\n\n(Ctrl+C to stop)\n`) }
    : { out: (t) => ctx.out(t) };
}

export async function start(ctx: CliContext, flags: StartFlags): Promise<number> {
  const target = await targetForUp(ctx, flags.name);
  const context = kubeconfigEntryName(target.name);
  const io = scenarioIO(ctx);
  const state = await readClusterState(target.dataDir).catch(() => undefined);
  if (state?.url && clusterLiveness(state).state === 'running') {
    ctx.out(`using the running cluster "${target.name}" at ${state.url}`);
    const signals = processSignalStop(ctx);
    const abort = new AbortController();
    void signals.stopRequested().then(() => abort.abort());
    try {
      const info = {
        context,
        ...(state.ingressUrl ? { ingressUrl: state.ingressUrl } : {}),
        ...(state.dashboardUrl ? { dashboardUrl: state.dashboardUrl } : {}),
      };
      await runSeedScenario(await clientForDataDir(target.dataDir, state.url), io, info, abort.signal);
    } finally {
      signals.dispose?.();
    }
    return 0;
  }
  const signals = processSignalStop(ctx);
  const abort = new AbortController();
  const stopRequested = () =>
    signals.stopRequested().then((reason) => {
      abort.abort();
      return reason;
    });
  let failure: unknown;
  const withScenario = async (options: Parameters<typeof runCluster>[0]): Promise<RunningCluster> => {
    const cluster = await runCluster(options);
    void cluster.ready
      .then(() => clientForDataDir(target.dataDir, cluster.url))
      .then((client) => {
        const ingressUrl = cluster.ingressUrl();
        const dashboardUrl = cluster.dashboardUrl();
        const info = { context, ...(ingressUrl ? { ingressUrl } : {}), ...(dashboardUrl ? { dashboardUrl } : {}) };
        return runSeedScenario(client, io, info, abort.signal);
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        failure = err;
        ctx.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        process.kill(process.pid, 'SIGTERM');
      });
    return cluster;
  };
  const code = await upForeground(
    ctx,
    target,
    {},
    { runCluster: withScenario, stopRequested, dispose: () => signals.dispose?.() },
  );
  return failure ? 1 : code;
}

export const registerStart: RegisterCommand = (program, ctx, result) => {
  program
    .command('start')
    .description(
      'start a cluster with the seed scenario (Deployment hello ×3, Service hello-service) and watch it live',
    )
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .addHelpText(
      'after',
      examples([
        'npm start                       # the same, from a checkout',
        'kubeling start                  # cluster "kubeling" + examples/level-3-services, live view until Ctrl+C',
        'kubectl -n dev delete pod <pod> # in another terminal: watch the pod leave and its replacement join',
      ]),
    )
    .action(async (flags: StartFlags) => {
      result.code = await start(ctx, flags);
    });
};
