/**
 * Node agent benchmark: pod start latency (create → Ready, hello-app, 50 pods), memory per idle hello-app pod,
 * and whether the cluster stays responsive with many pods (goal: 200 on this 2-core machine). Bounded: it deletes
 * everything and stops the cluster (killing every pod process) at the end.
 *
 *   npm run build && npx tsx bench/pods.ts [--pods 50] [--max 200]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../src/api/object.js';
import { httpsClient } from '../src/client/https-client.js';

// The built code (npm run build): pods then run compiled image programs, as for users, not through tsx.
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
const { generateClusterPki } = (await import(dist('cluster/pki.js'))) as typeof import('../src/cluster/pki.js');
const { runCluster } = (await import(dist('cluster/run-cluster.js'))) as typeof import('../src/cluster/run-cluster.js');

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const startPods = arg('--pods', 50);
const maxPods = arg('--max', 200);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const memAvailableMiB = () =>
  Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024;

function row(what: string, measured: number, unit: string, goal: number, higherIsBetter = false) {
  const ratio = higherIsBetter ? goal / measured : measured / goal;
  console.log(
    `${what.padEnd(52)} ${measured.toFixed(0).padStart(8)} ${unit.padEnd(5)} goal ${String(goal).padStart(6)} ${unit.padEnd(5)} ratio ${ratio.toFixed(2)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'kubeling-bench-pods-'));
const pki = await generateClusterPki('bench');
const cluster = await runCluster({ name: 'bench', port: 0, pki, dataDir: join(dir, 'data'), ingress: false });
await cluster.ready;
const client = httpsClient({ server: cluster.url, caPem: pki.caCertPem, token: pki.adminToken, fieldManager: 'bench' });
const pods = client.resource({ group: '', version: 'v1', resource: 'pods' }, 'default');
const deployments = client.resource({ group: 'apps', version: 'v1', resource: 'deployments' }, 'default');

const podSpec = {
  containers: [
    {
      name: 'hello',
      image: 'gcr.io/google-samples/hello-app:1.0',
      ports: [{ containerPort: 8080 }],
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
    },
  ],
};

async function readyCount(selector: string): Promise<number> {
  const list = await pods.list({ labelSelector: selector });
  return list.items.filter((p) =>
    ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  ).length;
}

try {
  console.log(`kubeling node agent benchmark (node ${process.version})\n`);
  // 1. Start latency: bare pods created one after another, each timed until a watcher sees it Ready.
  const created = new Map<string, number>();
  const latencies: number[] = [];
  const list = await pods.list();
  const watch = pods.watch(
    { resourceVersion: list.metadata.resourceVersion },
    (ev) => {
      const name = ev.object.metadata.name ?? '';
      const t = created.get(name);
      const ready = (
        (ev.object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
      ).some((c) => c.type === 'Ready' && c.status === 'True');
      if (t !== undefined && ready) {
        latencies.push(performance.now() - t);
        created.delete(name);
      }
    },
    () => {},
  );
  const memBefore = memAvailableMiB();
  for (let i = 0; i < startPods; i++) {
    const name = `start-${i}`;
    created.set(name, performance.now());
    await pods.create({ metadata: { name, labels: { bench: 'start' } }, spec: podSpec } as KubeObject);
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + 120_000;
  while (latencies.length < startPods && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  watch.stop();
  latencies.sort((a, b) => a - b);
  row(`create → Ready, p50 (${latencies.length}/${startPods} pods)`, percentile(latencies, 50), 'ms', 300);
  row('create → Ready, p99', percentile(latencies, 99), 'ms', 300);
  await new Promise((r) => setTimeout(r, 3000));
  const perPod = (memBefore - memAvailableMiB()) / startPods;
  console.log(`memory per idle hello-app pod (MemAvailable drop / pods): ${perPod.toFixed(1)} MiB`);
  await pods
    .list({ labelSelector: 'bench=start' })
    .then((l) => Promise.all(l.items.map((p) => pods.delete(p.metadata.name ?? '', { gracePeriodSeconds: 0 }))));

  // 2. Many pods: a Deployment scaled to maxPods; API latency measured while they run.
  await deployments.create({
    metadata: { name: 'many' },
    spec: {
      replicas: maxPods,
      selector: { matchLabels: { app: 'many' } },
      template: { metadata: { labels: { app: 'many' } }, spec: podSpec },
    },
  } as KubeObject);
  const t0 = performance.now();
  let ready = 0;
  while (ready < maxPods && performance.now() - t0 < 300_000) {
    await new Promise((r) => setTimeout(r, 1000));
    ready = await readyCount('app=many');
  }
  const allReadyMs = performance.now() - t0;
  const gets: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await client.resource({ group: '', version: 'v1', resource: 'namespaces' }).get('default');
    gets.push(performance.now() - t);
  }
  gets.sort((a, b) => a - b);
  row(`hello-app pods Ready at once (of ${maxPods})`, ready, 'pods', maxPods, true);
  console.log(`  time until all were Ready: ${(allReadyMs / 1000).toFixed(1)} s`);
  row(`API GET p99 with ${ready} pods running`, percentile(gets, 99), 'ms', 100);
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
