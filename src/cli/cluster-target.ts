/** Resolving which cluster a command means: its name, kubeling home and data dir. */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LOCK_FILE } from '../cluster/cluster-lock.js';
import { defaultDataDir, kubelingHome, resolveDataDir, validateClusterName } from '../cluster/cluster-registry.js';
import { readClusterState, STATE_FILE } from '../cluster/cluster-state.js';
import { type CliContext, CliError } from './context.js';

export const DEFAULT_CLUSTER_NAME = 'kubeling';
export const LOG_FILE = 'kubeling.log';

export interface ClusterTarget {
  name: string;
  /** `$KUBELING_HOME` or `~/.kubeling`. */
  home: string;
  dataDir: string;
  /** True when the data dir is not `<home>/<name>`. */
  customDataDir: boolean;
}

function checkedName(name: string): string {
  try {
    validateClusterName(name);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return name;
}

/** The cluster `name` refers to (its registered or default data dir). */
export async function findCluster(ctx: CliContext, name: string): Promise<ClusterTarget> {
  const home = kubelingHome(ctx.env, ctx.home);
  const dataDir = await resolveDataDir(home, checkedName(name));
  return { name, home, dataDir, customDataDir: dataDir !== defaultDataDir(home, name) };
}

/** Names of files only kubeling puts in a data dir: a folder holding one of them is a kubeling data dir. */
const KUBELING_MARKERS = new Set([STATE_FILE, LOCK_FILE, LOG_FILE, 'pki']);

/**
 * The cluster `kubeling up` should run. With `--data-dir` the folder must be new, empty or already a kubeling
 * data dir of this cluster (`delete` removes the whole folder, so a folder with other files is refused), and a
 * cluster registered elsewhere keeps its folder.
 */
export async function targetForUp(ctx: CliContext, name: string, dataDirOption?: string): Promise<ClusterTarget> {
  const found = await findCluster(ctx, name);
  if (dataDirOption === undefined) return found;
  const dataDir = resolve(ctx.cwd, dataDirOption);
  if (dataDir === found.dataDir) return found;
  if (found.customDataDir || (await readClusterState(found.dataDir).catch(() => undefined)) !== undefined) {
    throw new CliError(
      `cluster "${name}" already keeps its data in ${found.dataDir}; omit --data-dir, or run "kubeling delete --name ${name}" first`,
    );
  }
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  if (entries.length > 0 && !entries.some((e) => KUBELING_MARKERS.has(e))) {
    throw new CliError(`${dataDir} is not empty and is not a kubeling data dir; choose a new or empty folder`);
  }
  const state = await readClusterState(dataDir).catch(() => undefined);
  if (state !== undefined && state.name !== name) {
    throw new CliError(`${dataDir} holds cluster "${state.name}", not "${name}"`);
  }
  return { name, home: found.home, dataDir, customDataDir: dataDir !== defaultDataDir(found.home, name) };
}

/** Parses a `--port` value: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    throw new CliError(`invalid port "${value}": use a number from 0 (any free port) to 65535`);
  }
  return port;
}

/** Parses a `--timeout` value in seconds (a positive number). */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`invalid timeout "${value}": use seconds, e.g. 30`);
  return seconds;
}
