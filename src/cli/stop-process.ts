/** Stopping the process that serves a cluster: SIGTERM, wait, SIGKILL after a timeout. */
import { setTimeout as sleep } from 'node:timers/promises';
import { removeClusterLock } from '../cluster/cluster-lock.js';
import {
  type ClusterState,
  clusterLiveness,
  readClusterState,
  stoppedState,
  writeClusterState,
} from '../cluster/cluster-state.js';
import { isProcessAlive, type ProcessIdentity } from '../cluster/process-identity.js';

export type StopOutcome = 'not-running' | 'stale' | 'stopped' | 'killed';

function identityOf(state: ClusterState & { pid: number }): ProcessIdentity {
  return state.pidStartTicks === undefined ? { pid: state.pid } : { pid: state.pid, startTicks: state.pidStartTicks };
}

async function waitForExit(id: ProcessIdentity, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(id)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops the cluster `state` describes. The recorded pid is signalled only while it is still the process that
 * recorded it (same pid and start time). After a SIGKILL, or for a stale pid, the state file and lock are
 * cleaned up here since the process could not.
 */
export async function stopClusterProcess(
  dataDir: string,
  state: ClusterState,
  timeoutMs: number,
): Promise<StopOutcome> {
  if (state.pid === null) return 'not-running';
  const running = { ...state, pid: state.pid };
  const markStopped = async (): Promise<void> => {
    await writeClusterState(dataDir, stoppedState(state));
    await removeClusterLock(dataDir, running.pid);
  };
  if (clusterLiveness(state).state !== 'running') {
    await markStopped();
    return 'stale';
  }
  const id = identityOf(running);
  try {
    process.kill(id.pid, 'SIGTERM');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
  if (await waitForExit(id, timeoutMs)) {
    const after = await readClusterState(dataDir).catch(() => undefined);
    if (after?.pid === id.pid) await markStopped();
    return 'stopped';
  }
  if (isProcessAlive(id)) process.kill(id.pid, 'SIGKILL');
  await waitForExit(id, 5000);
  await markStopped();
  return 'killed';
}
