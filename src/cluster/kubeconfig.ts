/**
 * kubeconfig documents as kubectl reads them, and the pure edits `kubeling` makes to them. Merging works like
 * kind: entries of the same name are replaced in place, others are appended, everything else in the document
 * (other clusters, preferences, extensions, unknown keys) is kept, and the current context is set.
 */
import { parse, stringify } from 'yaml';

/** A named entry in `clusters`, `users` or `contexts`; fields other than `name` are kept as they are. */
export interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters: NamedEntry[];
  contexts: NamedEntry[];
  users: NamedEntry[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** What a client needs to reach one cluster as its admin. */
export interface ClusterAccess {
  /** Name of the cluster, user and context entries (`kubeling-<cluster>`). */
  entryName: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  caCertPem: string;
  token: string;
  /** Admin client certificate and key; written as `client-certificate-data` / `client-key-data` when both given. */
  clientCertPem?: string;
  clientKeyPem?: string;
}

/** The kubeconfig entry name of a kubeling cluster: `kubeling-<name>`. */
export function kubeconfigEntryName(clusterName: string): string {
  return `kubeling-${clusterName}`;
}

/** An empty document (with kubectl's key order). */
export function emptyKubeconfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    clusters: [],
    contexts: [],
    'current-context': '',
    kind: 'Config',
    preferences: {},
    users: [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(doc: Record<string, unknown>, key: 'clusters' | 'contexts' | 'users'): NamedEntry[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new Error(`kubeconfig: "${key}" must be a list`);
  return list.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') {
      throw new Error(`kubeconfig: ${key}[${i}] must be a mapping with a string "name"`);
    }
    return entry as NamedEntry;
  });
}

/**
 * Parses kubeconfig YAML (YAML 1.1, as client-go reads it). Empty text gives an empty document; missing or
 * null lists become empty lists. Throws an Error naming the problem when the text is not a kubeconfig.
 */
export function parseKubeconfig(text: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(text, { version: '1.1' });
  } catch (err) {
    throw new Error(`kubeconfig is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc === null || doc === undefined) return emptyKubeconfig();
  if (!isRecord(doc)) throw new Error('kubeconfig must be a YAML mapping');
  const current = doc['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw new Error('kubeconfig: "current-context" must be a string');
  }
  return {
    ...doc,
    clusters: entries(doc, 'clusters'),
    contexts: entries(doc, 'contexts'),
    users: entries(doc, 'users'),
    ...(typeof current === 'string' ? { 'current-context': current } : {}),
  };
}

/** Serializes a document; strings YAML 1.1 would misread (`yes`, `on`, `012`) are quoted. */
export function stringifyKubeconfig(config: Kubeconfig): string {
  return stringify(config, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

function upsert(list: readonly NamedEntry[], entry: NamedEntry): NamedEntry[] {
  const index = list.findIndex((e) => e.name === entry.name);
  if (index < 0) return [...list, entry];
  return list.map((e, i) => (i === index ? entry : e));
}

const base64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** The three entries (cluster, user, context) a kubeconfig holds for one cluster, keys in kubectl's order. */
export function accessEntries(access: ClusterAccess): { cluster: NamedEntry; user: NamedEntry; context: NamedEntry } {
  const user: Record<string, string> = {};
  if (access.clientCertPem !== undefined && access.clientKeyPem !== undefined) {
    user['client-certificate-data'] = base64(access.clientCertPem);
    user['client-key-data'] = base64(access.clientKeyPem);
  }
  user.token = access.token;
  return {
    cluster: {
      cluster: { 'certificate-authority-data': base64(access.caCertPem), server: access.server },
      name: access.entryName,
    },
    user: { name: access.entryName, user },
    context: { context: { cluster: access.entryName, user: access.entryName }, name: access.entryName },
  };
}

/**
 * Returns `config` with the cluster, user and context `access.entryName` added or replaced and, unless
 * `setCurrentContext` is false, that context made current. `config` is not modified.
 */
export function mergeKubeconfig(config: Kubeconfig, access: ClusterAccess, setCurrentContext = true): Kubeconfig {
  const { cluster, user, context } = accessEntries(access);
  const merged: Kubeconfig = {
    ...config,
    apiVersion: config.apiVersion ?? 'v1',
    kind: config.kind ?? 'Config',
    clusters: upsert(config.clusters, cluster),
    contexts: upsert(config.contexts, context),
    users: upsert(config.users, user),
  };
  if (setCurrentContext) merged['current-context'] = access.entryName;
  return merged;
}

/**
 * Returns `config` without the cluster, user and context named `entryName`; a current context of that name
 * becomes empty (as kind does). `removed` tells whether anything was there.
 */
export function removeFromKubeconfig(config: Kubeconfig, entryName: string): { config: Kubeconfig; removed: boolean } {
  const keep = (list: readonly NamedEntry[]): NamedEntry[] => list.filter((e) => e.name !== entryName);
  const result: Kubeconfig = {
    ...config,
    clusters: keep(config.clusters),
    contexts: keep(config.contexts),
    users: keep(config.users),
  };
  if (config['current-context'] === entryName) result['current-context'] = '';
  const removed =
    result.clusters.length !== config.clusters.length ||
    result.contexts.length !== config.contexts.length ||
    result.users.length !== config.users.length;
  return { config: result, removed };
}
