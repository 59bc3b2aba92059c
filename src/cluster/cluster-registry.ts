/**
 * Where clusters live. `KUBELING_HOME` (default `~/.kubeling`) is the root; a cluster's data dir is
 * `<home>/<name>` unless `kubeling up --data-dir` chose another, which is remembered in
 * `<home>/.registry/<name>.json` so that `down`, `delete` and `status` find it by name.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { type ClusterLiveness, type ClusterState, clusterLiveness, readClusterState } from './cluster-state.js';

const REGISTRY_DIR = '.registry';
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 40;

/** The kubeling home: `$KUBELING_HOME`, else `<home>/.kubeling`. */
export function kubelingHome(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.KUBELING_HOME?.trim();
  return fromEnv ? resolve(fromEnv) : join(home, '.kubeling');
}

/** Throws when `name` is not a lowercase DNS label of at most 40 characters (it names files and contexts). */
export function validateClusterName(name: string): void {
  if (name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    throw new Error(
      `invalid cluster name "${name}": use lowercase letters, digits and '-', start and end with a letter or digit, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

export function defaultDataDir(kubeHome: string, name: string): string {
  return join(kubeHome, name);
}

function registryFile(kubeHome: string, name: string): string {
  return join(kubeHome, REGISTRY_DIR, `${name}.json`);
}

async function registeredDataDir(kubeHome: string, name: string): Promise<string | undefined> {
  try {
    const entry = JSON.parse(await readFile(registryFile(kubeHome, name), 'utf8')) as { dataDir?: unknown };
    return typeof entry.dataDir === 'string' ? entry.dataDir : undefined;
  } catch {
    return undefined;
  }
}

/** The data dir of cluster `name`: the registered one, else the default. */
export async function resolveDataDir(kubeHome: string, name: string): Promise<string> {
  return (await registeredDataDir(kubeHome, name)) ?? defaultDataDir(kubeHome, name);
}

/** Records that cluster `name` keeps its data in `dataDir`. */
export async function registerCluster(kubeHome: string, name: string, dataDir: string): Promise<void> {
  if ((await registeredDataDir(kubeHome, name)) === dataDir) return;
  await mkdir(kubeHome, { recursive: true, mode: 0o700 });
  await writeFileAtomic(registryFile(kubeHome, name), `${JSON.stringify({ name, dataDir })}\n`, 0o600);
}

export async function unregisterCluster(kubeHome: string, name: string): Promise<void> {
  await rm(registryFile(kubeHome, name), { force: true });
}

export interface ClusterListing extends ClusterLiveness {
  name: string;
  dataDir: string;
  /** The state file's content; undefined for a registered cluster that never got as far as writing one. */
  record?: ClusterState;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Every cluster known under `kubeHome` (registered, or a `<home>/<name>/cluster.json`), sorted by name. */
export async function listClusters(kubeHome: string): Promise<ClusterListing[]> {
  const names = new Set<string>();
  for (const file of await listDir(join(kubeHome, REGISTRY_DIR))) {
    if (file.endsWith('.json')) names.add(file.slice(0, -'.json'.length));
  }
  for (const entry of await listDir(kubeHome)) {
    if (NAME_PATTERN.test(entry)) names.add(entry);
  }
  const listings: ClusterListing[] = [];
  for (const name of [...names].sort()) {
    const dataDir = await resolveDataDir(kubeHome, name);
    const record = await readClusterState(dataDir).catch(() => undefined);
    if (record === undefined && (await registeredDataDir(kubeHome, name)) === undefined) continue;
    listings.push({
      name,
      dataDir,
      ...(record ? clusterLiveness(record) : { state: 'stopped', stale: false }),
      ...(record ? { record } : {}),
    });
  }
  return listings;
}
