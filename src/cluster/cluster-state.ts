/**
 * `<data-dir>/cluster.json`: what a cluster's last `kubeling up` recorded. While the cluster runs, `pid` (with
 * its start time) names the process serving it; a clean stop sets `pid` to null. A pid whose process is gone
 * means the cluster crashed or was killed (`stale`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isProcessAlive } from './process-identity.js';

export const STATE_FILE = 'cluster.json';

export interface ClusterState {
  name: string;
  /** Port the API server listens on (the last one, once stopped). */
  port: number;
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** Process serving the cluster; null after a clean stop. */
  pid: number | null;
  /** Start time of `pid` from /proc, to tell it from a later process with the same number. */
  pidStartTicks?: string;
  /** ISO time the cluster last started. */
  started: string;
  /** ISO time the cluster last stopped cleanly. */
  stopped?: string;
  dataDir: string;
  /** kubeconfig files holding this cluster's entries (removed from them on `kubeling delete`). */
  kubeconfigs: string[];
  /** kubeling version that wrote the file. */
  version: string;
  /** Where the ingress serves HTTP (`http://127.0.0.1:8080`), when it runs. */
  ingressUrl?: string;
  /** The ingress's HTTP port, reused on the next start when free. */
  ingressPort?: number;
  /** The dashboard's URL with its access token, when it runs. */
  dashboardUrl?: string;
}

export type ClusterRunState = 'running' | 'stopped';

export interface ClusterLiveness {
  state: ClusterRunState;
  /** True when a pid is recorded but its process is gone (a crash or a kill). */
  stale: boolean;
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, STATE_FILE);
}

/** Reads the state file; undefined when there is none. Throws when it exists but is not a state file. */
export async function readClusterState(dataDir: string): Promise<ClusterState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFilePath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const state = JSON.parse(text) as Partial<ClusterState> | null;
  if (state === null || typeof state !== 'object' || typeof state.name !== 'string' || typeof state.port !== 'number') {
    throw new Error(`${stateFilePath(dataDir)} is not a kubeling state file`);
  }
  return { ...state, kubeconfigs: Array.isArray(state.kubeconfigs) ? state.kubeconfigs : [] } as ClusterState;
}

export async function writeClusterState(dataDir: string, state: ClusterState): Promise<void> {
  await writeFileAtomic(stateFilePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

/** `state` after its process ended: no pid, the stop time recorded. */
export function stoppedState(state: ClusterState, now = new Date()): ClusterState {
  const { pidStartTicks: _, ...rest } = state;
  return { ...rest, pid: null, stopped: now.toISOString() };
}

/** Whether the recorded process is still serving the cluster. */
export function clusterLiveness(state: ClusterState): ClusterLiveness {
  if (state.pid === null) return { state: 'stopped', stale: false };
  const id =
    state.pidStartTicks === undefined ? { pid: state.pid } : { pid: state.pid, startTicks: state.pidStartTicks };
  return isProcessAlive(id) ? { state: 'running', stale: false } : { state: 'stopped', stale: true };
}
