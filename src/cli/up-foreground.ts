/**
 * `kubeling up` in the foreground: take the data dir's lock, load or create the PKI, start the cluster, record
 * cluster.json, write the kubeconfig, then serve until asked to stop and stop cleanly.
 */
import { mkdir } from 'node:fs/promises';
import { acquireClusterLock } from '../cluster/cluster-lock.js';
import { registerCluster, unregisterCluster } from '../cluster/cluster-registry.js';
import { type ClusterState, readClusterState, stoppedState, writeClusterState } from '../cluster/cluster-state.js';
import { kubeconfigEntryName } from '../cluster/kubeconfig.js';
import { loadOrCreateClusterPki, pkiDir } from '../cluster/pki-store.js';
import { currentProcessIdentity } from '../cluster/process-identity.js';
import type { ClusterOptions, RunningCluster } from '../cluster/run-cluster.js';
import { kubeconfigPath, writeClusterKubeconfig } from './cluster-kubeconfig.js';
import type { ClusterTarget } from './cluster-target.js';
import { type CliContext, CliError } from './context.js';
import { choosePort, defaultIngressPort, type PortChoice } from './port.js';
import { DETACHED_ENV } from './up-detached.js';
import { kubelingVersion } from './version-info.js';

export const API_HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 30_000;

export interface UpOptions {
  port?: number;
  kubeconfig?: string;
  /** The ingress's HTTP port (default: 80 as root, else 8080; a free one if taken). */
  ingressPort?: number;
}

export interface ForegroundDeps {
  runCluster(options: ClusterOptions): Promise<RunningCluster>;
  /** Resolves with a reason (a signal name) when the cluster should stop. */
  stopRequested(): Promise<string>;
  /** Called when `up` returns (removes signal handlers). */
  dispose?(): void;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

async function startOnPort(
  deps: ForegroundDeps,
  options: Omit<ClusterOptions, 'port'>,
  choice: PortChoice,
): Promise<RunningCluster> {
  try {
    return await deps.runCluster({ ...options, port: choice.port });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EADDRINUSE' && !choice.explicit && choice.port !== 0) {
      return startOnPort(deps, options, { port: 0, explicit: false, taken: choice.port });
    }
    if (code === 'EADDRINUSE') {
      throw new CliError(`port ${choice.port} is in use; choose another with --port, or --port 0 for any free port`);
    }
    if (code === 'EACCES') {
      throw new CliError(`port ${choice.port} needs root on Linux (ports below 1024); use --port 6443 or higher`);
    }
    throw err;
  }
}

async function stopWithin(cluster: RunningCluster, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolvePromise) => {
    timer = setTimeout(() => resolvePromise(false), ms);
  });
  try {
    return await Promise.race([cluster.stop().then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the cluster in this process until `deps.stopRequested()` resolves. Returns the exit code. */
export async function upForeground(
  ctx: CliContext,
  target: ClusterTarget,
  options: UpOptions,
  deps: ForegroundDeps,
): Promise<number> {
  const commandStarted = performance.now();
  const { name, dataDir } = target;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireClusterLock(dataDir);
  if (!lock.acquired) {
    deps.dispose?.();
    ctx.out(`cluster "${name}" is already running (pid ${lock.owner.pid})`);
    return 0;
  }
  let cluster: RunningCluster | undefined;
  let state: ClusterState | undefined;
  try {
    if (target.customDataDir) await registerCluster(target.home, name, dataDir);
    else await unregisterCluster(target.home, name);
    const previous = await readClusterState(dataDir).catch(() => undefined);
    if (previous?.pid != null && previous.pid !== process.pid) {
      ctx.out(`note: the previous run of "${name}" (pid ${previous.pid}) did not stop cleanly`);
    }

    const loaded = await loadOrCreateClusterPki(pkiDir(dataDir), name);
    if (loaded.created.length > 0) {
      ctx.out(`generated ${loaded.created.join(', ')} credentials in ${Math.round(loaded.durationMs)} ms`);
    }

    const choice = await choosePort(API_HOST, options.port, previous?.port);
    const ingressChoice = await choosePort(API_HOST, options.ingressPort, previous?.ingressPort, defaultIngressPort());
    cluster = await startOnPort(
      deps,
      { name, dataDir, host: API_HOST, pki: loaded.pki, ingress: { httpPort: ingressChoice.port } },
      choice,
    );
    if (choice.taken !== undefined) ctx.out(`port ${choice.taken} is in use; using port ${cluster.port} instead`);

    const kubeconfig = kubeconfigPath(ctx, options.kubeconfig);
    await writeClusterKubeconfig(kubeconfig, name, cluster.url, loaded.pki);
    const me = currentProcessIdentity();
    state = {
      name,
      port: cluster.port,
      url: cluster.url,
      pid: me.pid,
      ...(me.startTicks !== undefined ? { pidStartTicks: me.startTicks } : {}),
      started: new Date().toISOString(),
      dataDir,
      kubeconfigs: [...new Set([...(previous?.kubeconfigs ?? []), kubeconfig])],
      version: kubelingVersion(),
    };
    await writeClusterState(dataDir, state);

    const early = await Promise.race([cluster.ready.then(() => undefined), deps.stopRequested()]);
    if (early === undefined) {
      const ingressUrl = cluster.ingressUrl();
      const dashboardUrl = cluster.dashboardUrl();
      state = {
        ...state,
        ...(ingressUrl ? { ingressUrl, ingressPort: Number(new URL(ingressUrl).port) } : {}),
        ...(dashboardUrl ? { dashboardUrl } : {}),
      };
      await writeClusterState(dataDir, state);
      const startup = Math.round(performance.now() - commandStarted);
      ctx.out(`cluster "${name}" is ready at ${cluster.url} (pid ${process.pid}, started in ${startup} ms)`);
      const flag = options.kubeconfig !== undefined ? ` --kubeconfig ${kubeconfig}` : '';
      ctx.out(
        `kubeconfig: context "${kubeconfigEntryName(name)}" in ${kubeconfig}; try: kubectl${flag} get namespaces`,
      );
      if (ingressUrl) {
        const moved = ingressChoice.taken !== undefined ? ` (port ${ingressChoice.taken} is in use)` : '';
        ctx.out(`ingress: ${ingressUrl}${moved}`);
      }
      if (dashboardUrl) ctx.out(`dashboard: ${dashboardUrl}`);
      if (!ctx.env[DETACHED_ENV]) ctx.out('press Ctrl+C to stop');
    }
    const reason = early ?? (await deps.stopRequested());
    ctx.out(`${reason}: stopping cluster "${name}"`);
    const stopped = await stopWithin(cluster, STOP_TIMEOUT_MS);
    cluster = undefined;
    if (!stopped) ctx.err(`cluster "${name}" did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
    await writeClusterState(dataDir, stoppedState(state));
    ctx.out(`cluster "${name}" stopped`);
    return stopped ? 0 : 1;
  } catch (err) {
    if (cluster !== undefined) await stopWithin(cluster, STOP_TIMEOUT_MS).catch(() => false);
    if (state !== undefined) await writeClusterState(dataDir, stoppedState(state));
    throw err;
  } finally {
    deps.dispose?.();
    await lock.release();
  }
}
