/**
 * Test support: a throwaway HTTP server on 127.0.0.1 that answers just enough for the real kubectl (aggregated
 * discovery from the registry, /openapi/v2 empty, /openapi/v3 from a callback) and records every request, plus a
 * runner for the kubectl binaries installed on this machine.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiVersionOf, type ResourceInfo, resources } from '../../../api/registry.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface HarnessOptions {
  /** Extra resources to list in discovery (e.g. batch/v1 jobs for capture runs). */
  extraResources?: ResourceInfo[];
  /** Answers /openapi/v3 and /openapi/v3/<gv>; undefined → 404. */
  openapiV3?: (path: string) => { contentType: string; body: string } | undefined;
  /** Objects answered to GET by path (e.g. `/apis/apps/v1/namespaces/default/deployments/web`). */
  objects?: Record<string, unknown>;
}

export interface Harness {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function discoveryItems(all: readonly ResourceInfo[], core: boolean): unknown[] {
  const groups = new Map<string, Map<string, ResourceInfo[]>>();
  for (const r of all) {
    if ((r.group === '') !== core) continue;
    const versions = groups.get(r.group) ?? new Map<string, ResourceInfo[]>();
    groups.set(r.group, versions);
    versions.set(r.version, [...(versions.get(r.version) ?? []), r]);
  }
  return [...groups].map(([group, versions]) => ({
    metadata: { name: group },
    versions: [...versions].map(([version, rs]) => ({
      version,
      freshness: 'Current',
      resources: rs.map((r) => ({
        resource: r.resource,
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular,
        verbs: r.verbs,
        shortNames: r.shortNames,
        categories: r.categories,
      })),
    })),
  }));
}

function answerDiscovery(req: IncomingMessage, res: ServerResponse, all: readonly ResourceInfo[], core: boolean): void {
  const accept = req.headers.accept ?? '';
  const version = accept.includes('v=v2;') || accept.includes('v=v2,') ? 'v2' : 'v2beta1';
  res.writeHead(200, {
    'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
  });
  res.end(
    JSON.stringify({
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: discoveryItems(all, core),
    }),
  );
}

function answerWrite(url: string, res: ServerResponse, all: readonly ResourceInfo[]): void {
  const path = url.split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean);
  const resource = all.find((r) => r.resource === parts.at(-1));
  res.writeHead(201, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: resource?.kind ?? 'Status',
      apiVersion: resource ? apiVersionOf(resource) : 'v1',
      metadata: { name: 'created', namespace: 'default' },
    }),
  );
}

/** Starts the harness on a free loopback port. */
export async function startKubectlHarness(options: HarnessOptions = {}): Promise<Harness> {
  const all = [...resources, ...(options.extraResources ?? [])];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks) });
      if (path === '/api' || path === '/apis') return answerDiscovery(req, res, all, path === '/api');
      if (path === '/openapi/v2') {
        res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
        return res.end();
      }
      if (path.startsWith('/openapi/v3')) {
        const answer = options.openapiV3?.(path);
        if (answer) {
          res.writeHead(200, { 'Content-Type': answer.contentType });
          return res.end(answer.body);
        }
      }
      const object = options.objects?.[path];
      if (object !== undefined && (req.method === 'GET' || req.method === 'PATCH')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(object));
      }
      if (req.method === 'POST') return answerWrite(url, res, all);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function kubectlPath(minor: number): string {
  return `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`;
}

export function hasKubectl(minor: number): boolean {
  return existsSync(kubectlPath(minor));
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a real kubectl against the harness with a fresh cache directory (removed afterwards). */
export async function runKubectl(minor: number, server: string, args: string[]): Promise<KubectlResult> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubeling-kubectl-cache-'));
  try {
    return await new Promise<KubectlResult>((resolve) => {
      execFile(
        kubectlPath(minor),
        ['--server', server, '--cache-dir', cacheDir, ...args],
        { env: { ...process.env, HOME: cacheDir, KUBECONFIG: join(cacheDir, 'none') }, timeout: 60_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
