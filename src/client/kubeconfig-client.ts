/**
 * A client from a kubeconfig file, as kubectl reads it: the named (or current) context, its cluster's server and
 * CA (`certificate-authority-data` or `certificate-authority` file), its user's `token` / `tokenFile` or client
 * certificate (`-data` or file forms). Exec plugins, auth providers and proxies are not supported.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../api/object.js';
import { type HttpsClientOptions, httpsClient } from './https-client.js';
import type { KubeClient } from './types.js';

/** `$KUBECONFIG` (its first entry) or `~/.kube/config`. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find((p) => p !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

function named(doc: JsonObject, list: string, name: string): JsonObject {
  const entries = Array.isArray(doc[list]) ? (doc[list] as unknown[]) : [];
  const entry = entries.find((e) => isJsonObject(e) && e.name === name);
  const inner = isJsonObject(entry) ? entry[list.slice(0, -1)] : undefined;
  if (!isJsonObject(inner)) throw new Error(`kubeconfig: no ${list.slice(0, -1)} named ${JSON.stringify(name)}`);
  return inner;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads a `-data` field (base64) or the file its plain form names (relative to the kubeconfig's folder). */
async function material(entry: JsonObject, field: string, baseDir: string): Promise<string | undefined> {
  const data = text(entry[`${field}-data`]);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = text(entry[field]);
  if (!file) return undefined;
  return readFile(resolveFrom(baseDir, file), 'utf8');
}

function resolveFrom(baseDir: string, file: string): string {
  return isAbsolute(file) ? file : join(baseDir, file);
}

export type KubeconfigAccess = Omit<HttpsClientOptions, 'fieldManager' | 'userAgent'>;

/** Resolves what a client needs from a kubeconfig document (`baseDir` anchors relative file paths). */
export async function kubeconfigAccess(
  documentText: string,
  baseDir: string,
  context?: string,
): Promise<KubeconfigAccess> {
  const doc: unknown = parse(documentText);
  if (!isJsonObject(doc)) throw new Error('kubeconfig: not a YAML mapping');
  const contextName = context ?? text(doc['current-context']);
  if (!contextName) throw new Error('kubeconfig: no context given and no current-context set');
  const ctx = named(doc, 'contexts', contextName);
  const cluster = named(doc, 'clusters', String(ctx.cluster ?? ''));
  const user = ctx.user !== undefined ? named(doc, 'users', String(ctx.user)) : {};
  const server = text(cluster.server);
  if (!server) throw new Error(`kubeconfig: cluster of context ${JSON.stringify(contextName)} has no server`);
  const caPem = await material(cluster, 'certificate-authority', baseDir);
  if (!caPem)
    throw new Error(`kubeconfig: cluster of context ${JSON.stringify(contextName)} has no certificate authority`);
  const access: KubeconfigAccess = { server, caPem };
  const tokenFile = text(user.tokenFile);
  const token =
    text(user.token) ?? (tokenFile ? (await readFile(resolveFrom(baseDir, tokenFile), 'utf8')).trim() : undefined);
  if (token) access.token = token;
  const cert = await material(user, 'client-certificate', baseDir);
  const key = await material(user, 'client-key', baseDir);
  if (cert && key) {
    access.clientCertPem = cert;
    access.clientKeyPem = key;
  }
  return access;
}

export interface KubeconfigClientOptions {
  fieldManager?: string;
  userAgent?: string;
}

/** An HTTPS client for the given (or current) context of a kubeconfig file. */
export async function clientFromKubeconfig(
  path: string = defaultKubeconfigPath(),
  context?: string,
  options: KubeconfigClientOptions = {},
): Promise<KubeClient> {
  const access = await kubeconfigAccess(await readFile(path, 'utf8'), dirname(path), context);
  return httpsClient({
    ...access,
    fieldManager: options.fieldManager ?? 'kubeling',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
}
