/**
 * End-to-end test harness: a real cluster (HTTPS API server, real store) on a free port, a kubeconfig for it,
 * and the real kubectl binaries, each run with its own discovery cache.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyKubeconfig, mergeKubeconfig, stringifyKubeconfig } from '../../src/cluster/kubeconfig.js';
import { type ClusterPkiBundle, generateClusterPki } from '../../src/cluster/pki.js';
import { type ClusterTuning, type RunningCluster, runCluster } from '../../src/cluster/run-cluster.js';
import type { KubeletEndpoints } from '../../src/node/node-types.js';

export const kubectlVersions = ['1.27', '1.30', '1.33'] as const;
export type KubectlVersion = (typeof kubectlVersions)[number] | '1.28' | '1.29' | '1.31' | '1.32';

export function kubectlPath(version: KubectlVersion): string {
  return `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;
}

let cachedPki: Promise<ClusterPkiBundle> | undefined;

export interface TestCluster {
  cluster: RunningCluster;
  dir: string;
  kubeconfig: string;
  pki: ClusterPkiBundle;
  /** Runs kubectl of the given version; resolves with exit code and output, never rejects on failure. */
  kubectl(version: KubectlVersion, args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** Plain HTTPS request to the API as admin. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult>;
  stop(): Promise<void>;
}

export interface KubectlOptions {
  stdin?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface TestClusterOptions {
  dataDir?: string;
  name?: string;
  /** false: no node agent (pods stay unstarted; tests use the stand-in kubelet of fake-kubelet.ts). */
  nodeAgent?: boolean;
  tuning?: ClusterTuning;
  /** Stand-in endpoints behind pods/exec, attach and portforward (ClusterOptions.kubeletEndpoints). */
  kubeletEndpoints?: KubeletEndpoints;
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  cachedPki ??= generateClusterPki('e2e');
  const pki = await cachedPki;
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-e2e-'));
  const cluster = await runCluster({
    name: options.name ?? 'e2e',
    port: 0,
    pki,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.nodeAgent !== undefined ? { nodeAgent: options.nodeAgent } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.kubeletEndpoints ? { kubeletEndpoints: options.kubeletEndpoints } : {}),
  });
  await cluster.ready;
  const kubeconfig = join(dir, 'kubeconfig');
  const access = { entryName: 'kubeling-e2e', server: cluster.url, caCertPem: pki.caCertPem, token: pki.adminToken };
  writeFileSync(kubeconfig, stringifyKubeconfig(mergeKubeconfig(emptyKubeconfig(), access)), { mode: 0o600 });
  const caches = new Map<string, string>();
  const cacheDir = (v: string) => {
    let d = caches.get(v);
    if (!d) {
      d = join(dir, `cache-${v}`);
      caches.set(v, d);
    }
    return d;
  };
  return {
    cluster,
    dir,
    kubeconfig,
    pki,
    kubectl(version, args, opts = {}) {
      return runKubectl(kubectlPath(version), ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir(version), ...args], {
        ...opts,
        env: { HOME: dir, ...opts.env },
      });
    },
    async api(method, path, body, headers = {}) {
      return apiRequest(cluster.url, pki, method, path, body, headers);
    },
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function runKubectl(binary: string, args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export async function apiRequest(
  url: string,
  pki: ClusterPkiBundle,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult> {
  const { request } = await import('node:https');
  const target = new URL(path, url);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        ca: pki.caCertPem,
        headers: {
          authorization: `Bearer ${pki.adminToken}`,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') h.set(k, v);
            else if (Array.isArray(v)) for (const x of v) h.append(k, x);
          }
          resolve({ status: res.statusCode ?? 0, headers: h, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
