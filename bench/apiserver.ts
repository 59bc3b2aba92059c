/**
 * API server benchmark (run `npm run build` first): start-up time (`kubeling up` → /readyz ok), create/get/list/watch throughput and
 * latency percentiles for 1,000 and 10,000 pods, and idle memory. Prints each figure beside its goal and the
 * ratio (measured / goal; below 1 is better than the goal). Bounded: it stops by itself and kills what it started.
 *
 *   npx tsx bench/apiserver.ts [--pods 1000,10000] [--concurrency 16]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const podCounts = argValue('--pods', '1000,10000').split(',').map(Number);
const concurrency = Number(argValue('--concurrency', '16'));
const root = new URL('..', import.meta.url).pathname;

interface Access {
  url: string;
  ca: string;
  token: string;
}

function readAccess(kubeconfigPath: string): Access {
  const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = doc.clusters[0]!.cluster;
  return {
    url: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
    token: doc.users[0]!.user.token,
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(access: Access, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(path, access.url),
      {
        method,
        agent,
        ca: access.ca,
        headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(n: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function row(what: string, measured: number, unit: string, goal: number, lowerIsBetter = true) {
  const ratio = lowerIsBetter ? measured / goal : goal / measured;
  console.log(
    `${what.padEnd(44)} ${measured.toFixed(measured < 10 ? 2 : 0).padStart(10)} ${unit.padEnd(6)} goal ${String(goal).padStart(6)} ${unit.padEnd(6)} ratio ${ratio.toFixed(2)}`,
  );
}

function startCluster(dataDir: string, kubeconfig: string) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/kubeling.js'),
      'up',
      '--name',
      'bench',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--kubeconfig',
      kubeconfig,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HOME: dataDir, KUBELING_HOME: join(dataDir, 'home') },
    },
  );
  return { child, t0 };
}

async function waitReady(kubeconfig: string, t0: number, deadlineMs = 20_000): Promise<{ access: Access; ms: number }> {
  for (;;) {
    if (performance.now() - t0 > deadlineMs) throw new Error('cluster did not become ready');
    try {
      const access = readAccess(kubeconfig);
      const r = await call(access, 'GET', '/readyz');
      if (r.status === 200) return { access, ms: performance.now() - t0 };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stop(child: ReturnType<typeof spawn>) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

function pod(ns: string, i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: ns, labels: { app: 'bench', shard: String(i % 10) } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] },
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-bench-'));
  const dataDir = join(dir, 'data');
  const kubeconfig = join(dir, 'kubeconfig');
  let cluster = startCluster(dataDir, kubeconfig);
  try {
    const first = await waitReady(kubeconfig, cluster.t0);
    await stop(cluster.child);
    rmSync(kubeconfig);
    cluster = startCluster(dataDir, kubeconfig);
    const second = await waitReady(kubeconfig, cluster.t0);
    const access = second.access;
    console.log(`kubeling API server benchmark (node ${process.version}, concurrency ${concurrency})\n`);
    row('up → /readyz, first start (new CA and certs)', first.ms, 'ms', 500);
    row('up → /readyz, restart (state and PKI reused)', second.ms, 'ms', 500);
    await new Promise((r) => setTimeout(r, 1000));
    row('idle RSS after boot', rssMiB(cluster.child.pid!), 'MiB', 100);
    for (const n of podCounts) {
      const ns = `bench-${n}`;
      await call(access, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
      // A watcher measures delivery: time from the create response to the ADDED event.
      const sentAt = new Map<string, number>();
      const delivery: number[] = [];
      const watchReq = request(new URL(`/api/v1/namespaces/${ns}/pods?watch=true&resourceVersion=0`, access.url), {
        agent: false,
        ca: access.ca,
        headers: { authorization: `Bearer ${access.token}` },
      });
      let buffered = '';
      watchReq.on('response', (res) => {
        res.on('data', (c: Buffer) => {
          buffered += c.toString();
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
            const t = sentAt.get(ev.object.metadata.name);
            if (ev.type === 'ADDED' && t !== undefined) delivery.push(performance.now() - t);
            nl = buffered.indexOf('\n');
          }
        });
      });
      watchReq.on('error', () => {});
      watchReq.end();
      await new Promise((r) => setTimeout(r, 200));
      const create = await timed(n, async (i) => {
        sentAt.set(`p-${i}`, performance.now());
        const r = await call(access, 'POST', `/api/v1/namespaces/${ns}/pods`, pod(ns, i));
        if (r.status !== 201) throw new Error(`create ${r.status}: ${r.text}`);
      });
      const get = await timed(n, async (i) => {
        const r = await call(access, 'GET', `/api/v1/namespaces/${ns}/pods/p-${i}`);
        if (r.status !== 200) throw new Error(`get ${r.status}`);
      });
      const listRuns = n >= 10_000 ? 5 : 20;
      const list = await timed(listRuns, async () => {
        const r = await call(access, 'GET', `/api/v1/namespaces/${ns}/pods`);
        if (r.status !== 200) throw new Error(`list ${r.status}`);
      });
      const selected = await timed(listRuns, async () => {
        const r = await call(access, 'GET', `/api/v1/namespaces/${ns}/pods?labelSelector=shard%3D3`);
        if (r.status !== 200) throw new Error(`list ${r.status}`);
      });
      await new Promise((r) => setTimeout(r, 500));
      watchReq.destroy();
      delivery.sort((a, b) => a - b);
      console.log(`\n${n} pods`);
      row(`create: p99 latency`, create.p99, 'ms', 10);
      console.log(`  create ${create.perSecond.toFixed(0)}/s (p50 ${create.p50.toFixed(2)} ms)`);
      row(`get: p99 latency`, get.p99, 'ms', 10);
      console.log(`  get ${get.perSecond.toFixed(0)}/s (p50 ${get.p50.toFixed(2)} ms)`);
      row(`list all ${n}: p99 latency`, list.p99, 'ms', 1000);
      row(`list with label selector (1/10): p99`, selected.p99, 'ms', 1000);
      row(`create sent → watch event received: p99`, percentile(delivery, 99), 'ms', 10);
      console.log(`  watch events received: ${delivery.length}/${n}`);
    }
    row('RSS after the runs', rssMiB(cluster.child.pid!), 'MiB', 100);
  } finally {
    await stop(cluster.child);
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
