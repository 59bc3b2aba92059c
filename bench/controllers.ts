/**
 * Controller benchmark: (1) time from creating a 100-replica Deployment until all 100 pods exist and the
 * Deployment's status is current with every replica available (pods made Running/Ready by status writes, as in
 * Kubernetes' own controller tests); (2) EndpointSlice update latency after a pod readiness change. Prints each
 * figure beside its goal and the ratio measured / goal.
 *
 *   npx tsx bench/controllers.ts [--replicas 100] [--flips 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../src/api/object.js';
import { httpsClient } from '../src/client/https-client.js';
import { generateClusterPki } from '../src/cluster/pki.js';
import { runCluster } from '../src/cluster/run-cluster.js';
import { startFakeKubelet } from '../test/e2e/fake-kubelet.js';

const args = process.argv.slice(2);
const argNumber = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const replicas = argNumber('--replicas', 100);
const flips = argNumber('--flips', 200);

function row(what: string, measured: number, goal: number) {
  console.log(
    `${what.padEnd(58)} ${measured.toFixed(1).padStart(9)} ms   goal ${String(goal).padStart(6)} ms   ratio ${(measured / goal).toFixed(2)}`,
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const dir = mkdtempSync(join(tmpdir(), 'kubeling-bench-controllers-'));
const pki = await generateClusterPki('bench');
const cluster = await runCluster({ name: 'bench', port: 0, pki, dataDir: join(dir, 'data') });
await cluster.ready;
const client = httpsClient({ server: cluster.url, caPem: pki.caCertPem, token: pki.adminToken, fieldManager: 'bench' });
const kubelet = startFakeKubelet(client);
try {
  await client.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ metadata: { name: 'bench' } });
  const deployments = client.resource({ group: 'apps', version: 'v1', resource: 'deployments' }, 'bench');
  const t0 = performance.now();
  await deployments.create({
    metadata: { name: 'big' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'big' } },
      template: {
        metadata: { labels: { app: 'big' } },
        spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] },
      },
    },
  } as KubeObject);
  let podsExistAt = 0;
  const pods = client.resource({ group: '', version: 'v1', resource: 'pods' }, 'bench');
  for (;;) {
    if (!podsExistAt && (await pods.list({ labelSelector: 'app=big' })).items.length >= replicas)
      podsExistAt = performance.now();
    const d = (await deployments.get('big')) as KubeObject & {
      status?: { observedGeneration?: number; availableReplicas?: number; updatedReplicas?: number };
    };
    const s = d.status ?? {};
    if (
      s.observedGeneration === d.metadata.generation &&
      s.availableReplicas === replicas &&
      s.updatedReplicas === replicas
    )
      break;
    if (performance.now() - t0 > 60_000) throw new Error('deployment did not complete in 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  const done = performance.now();
  console.log(`kubeling controller benchmark (node ${process.version})\n`);
  row(`create Deployment → ${replicas} pods exist`, podsExistAt - t0, 1000);
  row(`create Deployment → status current, ${replicas}/${replicas} available`, done - t0, 1000);

  // EndpointSlice latency: flip one pod's readiness through /status, time until a watcher sees the slice change.
  await client.resource({ group: '', version: 'v1', resource: 'services' }, 'bench').create({
    metadata: { name: 'big' },
    spec: { selector: { app: 'big' }, ports: [{ port: 80, targetPort: 8080 }] },
  } as KubeObject);
  const slices = client.resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, 'bench');
  const target = (await pods.list({ labelSelector: 'app=big' })).items[0]!;
  const name = target.metadata.name ?? '';
  await new Promise((r) => setTimeout(r, 300));
  let pending: { ready: boolean; at: number } | undefined;
  const latencies: number[] = [];
  const list = await slices.list({ labelSelector: 'kubernetes.io/service-name=big' });
  let resolveSeen: (() => void) | undefined;
  const watch = slices.watch(
    { resourceVersion: list.metadata.resourceVersion, labelSelector: 'kubernetes.io/service-name=big' },
    (ev) => {
      if (!pending) return;
      const eps =
        (ev.object as unknown as { endpoints?: { targetRef?: { name?: string }; conditions: { ready?: boolean } }[] })
          .endpoints ?? [];
      const ep = eps.find((e) => e.targetRef?.name === name);
      if (ep && (ep.conditions.ready ?? true) === pending.ready) {
        latencies.push(performance.now() - pending.at);
        pending = undefined;
        resolveSeen?.();
      }
    },
    () => {},
  );
  for (let i = 0; i < flips; i++) {
    const ready = i % 2 === 1;
    const seen = new Promise<void>((r) => {
      resolveSeen = r;
    });
    pending = { ready, at: performance.now() };
    await pods.patch(
      name,
      'strategic',
      { status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } },
      { subresource: 'status' },
    );
    await seen;
  }
  watch.stop();
  latencies.sort((a, b) => a - b);
  row(`pod readiness change → EndpointSlice event, p50 (${flips} flips)`, percentile(latencies, 50), 5);
  row(`pod readiness change → EndpointSlice event, p99 (${flips} flips)`, percentile(latencies, 99), 5);
} finally {
  kubelet.stop();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
