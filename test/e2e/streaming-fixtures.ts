/**
 * Fixtures for the exec / port-forward e2e tests: a test cluster whose pods are made Running by the stand-in
 * kubelet and whose streaming endpoints are the stand-in node backend; an HTTP server on every running pod's IP
 * (127.244.x.y) that stays up a moment after its pod is gone (like a pod finishing its requests while it
 * terminates); and helpers to drive long-running port-forward commands.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { fakePodBackend } from '../../src/apiserver/streaming/testdata/fake-pod-backend.js';
import { httpsClient } from '../../src/client/https-client.js';
import type { GroupVersionResource, KubeClient, PatchOptions, PatchType } from '../../src/client/types.js';
import { type FakeKubelet, startFakeKubelet } from './fake-kubelet.js';
import { startTestCluster, type TestCluster } from './harness.js';

export const podsGvr = { group: '', version: 'v1', resource: 'pods' };

interface PodView {
  metadata: { name: string; namespace: string; uid: string; deletionTimestamp?: string };
  status?: { phase?: string; podIP?: string };
}

export interface StreamingCluster {
  tc: TestCluster;
  client: KubeClient;
  /** HTTP servers on pod IPs, port 8080. */
  pods: PodServers;
  stop(): Promise<void>;
}

export async function startStreamingCluster(): Promise<StreamingCluster> {
  let client: KubeClient | undefined;
  const podIP = async (namespace: string, name: string) => {
    const pod = (await client?.resource(podsGvr, namespace).get(name)) as unknown as PodView | undefined;
    return pod?.status?.podIP;
  };
  const tc = await startTestCluster({ nodeAgent: false, kubeletEndpoints: fakePodBackend(podIP) });
  client = httpsClient({
    server: tc.cluster.url,
    caPem: tc.pki.caCertPem,
    token: tc.pki.adminToken,
    fieldManager: 'e2e',
  });
  const kubelet: FakeKubelet = startFakeKubelet(withOwnPodIPs(client), { readyDelayMs: 50 });
  const pods = new PodServers(client);
  return {
    tc,
    client,
    pods,
    async stop() {
      pods.stop();
      kubelet.stop();
      client?.close?.();
      await tc.stop();
    },
  };
}

/**
 * The stand-in kubelet numbers pod IPs from 127.244.0.2 in every test process, and tests of other components may
 * run at the same time on this machine: this client gives the pods of this process IPs of their own (a random
 * 127.244.x.0/24 block and up) by rewriting the pod IPs the stand-in kubelet writes.
 */
function bound(target: object, prop: string | symbol): unknown {
  const v: unknown = Reflect.get(target, prop);
  return typeof v === 'function' ? v.bind(target) : v;
}

function withOwnPodIPs(client: KubeClient): KubeClient {
  const base = 100 + Math.floor(Math.random() * 140);
  const mapped = new Map<string, string>();
  const own = (ip: string): string => {
    let v = mapped.get(ip);
    if (!v) {
      const n = mapped.size;
      v = `127.244.${base + Math.floor(n / 250)}.${(n % 250) + 2}`;
      mapped.set(ip, v);
    }
    return v;
  };
  const rewrite = (patch: unknown): unknown => {
    const status = (patch as { status?: { podIP?: string } }).status;
    if (!status?.podIP) return patch;
    const ip = own(status.podIP);
    return { ...(patch as object), status: { ...status, podIP: ip, podIPs: [{ ip }] } };
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop !== 'resource') return bound(target, prop);
      return (gvr: GroupVersionResource, namespace?: string) => {
        const rc = target.resource(gvr, namespace);
        if (gvr.resource !== 'pods') return rc;
        return new Proxy(rc, {
          get(inner, name) {
            if (name !== 'patch') return bound(inner, name);
            return (podName: string, type: PatchType, patch: unknown, options?: PatchOptions) =>
              inner.patch(podName, type, rewrite(patch), options);
          },
        });
      };
    },
  });
}

/** Deterministic bulk bytes (so a download can be checked without holding a copy). */
export function bulk(size: number): Buffer {
  const b = Buffer.allocUnsafe(Math.ceil(size / 4) * 4);
  let x = 0x12345678;
  for (let i = 0; i < b.length; i += 4) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b.writeUInt32LE(x, i);
  }
  return b.subarray(0, size);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Serves `GET /` → `hello from <pod>`, `GET /bulk?bytes=N` → bulk(N), `POST /hash` → sha256 of the body, on every
 * running pod's IP. A pod's server closes `lingerMs` after the pod disappeared.
 */
export class PodServers {
  readonly servers = new Map<string, { server: Server; pod: string }>();
  private timer: NodeJS.Timeout;
  private readonly cache = new Map<number, Buffer>();

  constructor(
    private readonly client: KubeClient,
    private readonly lingerMs = 3000,
  ) {
    this.timer = setInterval(() => void this.sync(), 100);
  }

  async sync(): Promise<void> {
    const list = (await this.client.resource(podsGvr).list()).items as unknown as PodView[];
    const live = new Map<string, string>();
    for (const p of list) {
      if (p.status?.phase === 'Running' && p.status.podIP) live.set(p.status.podIP, p.metadata.name);
    }
    for (const [ip, pod] of live) {
      if (this.servers.has(ip)) continue;
      const server = createServer((req, res) => this.serve(pod, req, res));
      this.servers.set(ip, { server, pod });
      server.on('error', (err) => console.error(`pod server ${ip}:8080 (${pod}): ${err.message}`));
      server.listen(8080, ip);
    }
    for (const [ip, entry] of this.servers) {
      if (live.has(ip)) continue;
      this.servers.delete(ip);
      setTimeout(() => entry.server.close(), this.lingerMs).unref();
      setTimeout(() => entry.server.closeAllConnections(), this.lingerMs).unref();
    }
  }

  /** Waits until every running pod in `namespace` matching `names` is served. */
  async ready(count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (this.servers.size < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.servers.size} of ${count} pods are served`);
      await this.sync();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  stop(): void {
    clearInterval(this.timer);
    for (const { server } of this.servers.values()) {
      server.close();
      server.closeAllConnections();
    }
  }

  private serve(pod: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://pod');
    if (url.pathname === '/bulk') {
      const size = Number(url.searchParams.get('bytes') ?? '0');
      let body = this.cache.get(size);
      if (!body) {
        body = bulk(size);
        this.cache.set(size, body);
      }
      res.writeHead(200, { 'Content-Length': body.length });
      res.end(body);
      return;
    }
    if (url.pathname === '/hash') {
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        hash.update(c);
      });
      req.on('end', () => res.end(`${size} ${hash.digest('hex')}`));
      return;
    }
    res.end(`hello from ${pod}\n`);
  }
}

/** One HTTP request on a new connection; resolves with status and body, rejects on connection errors. */
export function fetchOnce(port: number, path = '/', body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent: false, headers: { Connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `total` requests, `concurrency` at a time, each on its own connection; returns the failures. */
export async function manyRequests(port: number, total: number, concurrency: number): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      try {
        const r = await fetchOnce(port);
        if (r.status !== 200 || !r.body.toString().startsWith('hello from ')) failures.push(`status ${r.status}`);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

/** A long-running forwarding command (kubectl or kubeling port-forward). */
export interface ForwardProcess {
  child: ChildProcessWithoutNullStreams;
  /** The local port from the `Forwarding from 127.0.0.1:PORT -> ...` line. */
  port: number;
  output(): string;
  exited: Promise<number>;
  stop(): Promise<number>;
}

export async function startForward(argv: string[], env: Record<string, string>): Promise<ForwardProcess> {
  const [file, ...args] = argv;
  const child = spawn(file ?? '', args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port) {
    const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(text);
    if (m) port = Number(m[1]);
    else if (child.exitCode !== null || Date.now() > deadline) throw new Error(`port-forward did not start:\n${text}`);
    else await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    port,
    output: () => text,
    exited,
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}
