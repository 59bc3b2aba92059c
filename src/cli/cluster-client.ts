/** A client for a running cluster, built from its state file and PKI (no kubeconfig needed). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpsClient } from '../client/https-client.js';
import type { KubeClient } from '../client/types.js';
import { type ClusterState, clusterLiveness, readClusterState } from '../cluster/cluster-state.js';
import { PKI_FILES, pkiDir } from '../cluster/pki-store.js';
import { CliError } from './context.js';

export async function clientForDataDir(dataDir: string, url: string, fieldManager = 'kubeling'): Promise<KubeClient> {
  const dir = pkiDir(dataDir);
  const [caPem, token] = await Promise.all([
    readFile(join(dir, PKI_FILES.caCert), 'utf8'),
    readFile(join(dir, PKI_FILES.adminToken), 'utf8'),
  ]);
  return httpsClient({ server: url, caPem, token: token.trim(), fieldManager });
}

/** The state of a running cluster, or a CliError telling how to start it. */
export async function runningState(name: string, dataDir: string): Promise<ClusterState> {
  const state = await readClusterState(dataDir).catch(() => undefined);
  if (!state || clusterLiveness(state).state !== 'running') {
    throw new CliError(
      `cluster "${name}" is not running; start it with: kubeling start${name === 'kubeling' ? '' : ` --name ${name}`}`,
    );
  }
  return state;
}
