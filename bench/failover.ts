/**
 * Failover benchmark: a bounded load of new connections (about 1,000/s) through a ClusterIP for 20 s while a pod
 * of the Deployment is deleted every second and a rolling update runs. Runs in process: the API server, the
 * deployment, ReplicaSet and EndpointSlice controllers, the service proxy, and a stand-in node agent that binds
 * pods, serves them at 127.244.251.x, and on deletion waits for the data-plane drain before stopping the pod
 * gracefully (what the real node agent does before preStop/SIGTERM). Prints failed requests (goal 0) and the
 * delete → out-of-rotation latencies.
 *
 *   npx tsx bench/failover.ts [--seconds 20] [--rate 1000]
 */
import { createServer, type Server } from 'node:net';
import type { KubeObject } from '../src/api/object.js';
import { waitForDataplaneDrain } from '../src/client/dataplane-sync.js';
import type { KubeClient } from '../src/client/types.js';
import { deploymentController } from '../src/controllers/deployment/index.js';
import { replicaSetController } from '../src/controllers/replicaset/index.js';
import { gvrServices, type Service } from '../src/proxy/kinds.js';
import { createService, gvrPods, service, startProxyTestCluster, whoAnswers } from '../src/proxy/proxy-test-helpers.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = arg('--seconds', 20);
const rate = arg('--rate', 1000);

interface PodView extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};

/** A stand-in node agent: binds, serves, and stops pods only after the data plane drained them. */
function startNodeAgent(client: KubeClient, drainLatencies: number[]) {
  const pods = client.resource<PodView>(gvrPods, 'default');
  const servers = new Map<string, Server>();
  const stopping = new Set<string>();
  let next = 0;
  const onPod = async (pod: PodView) => {
    const name = pod.metadata.name ?? '';
    const uid = pod.metadata.uid ?? '';
    if (pod.metadata.deletionTimestamp) {
      if (stopping.has(uid)) return;
      stopping.add(uid);
      const t0 = performance.now();
      const drained = await waitForDataplaneDrain(client, { uid, namespace: 'default' }, 5000);
      drainLatencies.push(drained ? performance.now() - t0 : Number.POSITIVE_INFINITY);
      const server = servers.get(uid);
      servers.delete(uid);
      // SIGTERM: stop accepting, let in-flight connections finish.
      if (server) await new Promise((r) => server.close(r));
      await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid } }).catch(() => {});
      return;
    }
    if (!pod.spec?.nodeName) {
      await pods
        .subresource(name, 'binding', 'POST', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name },
          target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
        })
        .catch(() => {});
      return;
    }
    if (pod.status?.phase !== 'Pending' || servers.has(uid)) return;
    servers.set(uid, createServer());
    let server: Server | undefined;
    let ip = '';
    // Addresses held by someone else on this machine are skipped.
    while (!server) {
      next++;
      ip = `127.244.251.${next}`;
      const candidate = createServer((s) => {
        s.on('error', () => {});
        s.end(`${name}\n`);
      });
      const bound = await new Promise<boolean>((resolve) => {
        candidate.once('error', () => resolve(false));
        candidate.listen(8080, ip, () => resolve(true));
      });
      if (bound) server = candidate;
    }
    servers.set(uid, server);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
    await pods.patch(
      name,
      'merge',
      {
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          conditions: ['Ready', 'ContainersReady'].map(condition),
        },
      },
      { subresource: 'status' },
    );
  };
  const handle = pods.watch(
    { resourceVersion: '0' },
    (ev) => {
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED') void onPod(ev.object);
    },
    () => {},
  );
  return {
    stop() {
      handle.stop();
      for (const s of servers.values()) s.close();
    },
  };
}

const drainLatencies: number[] = [];
const outOfRotation: number[] = [];
const tc = await startProxyTestCluster({
  endpointSlices: true,
  controllers: [deploymentController, replicaSetController],
});
const agent = startNodeAgent(tc.client, drainLatencies);
try {
  const deployments = tc.client.resource({ group: 'apps', version: 'v1', resource: 'deployments' }, 'default');
  const template = (image: string) => ({
    metadata: { labels: { app: 'hello' } },
    spec: { containers: [{ name: 'hello', image, ports: [{ containerPort: 8080 }] }] },
  });
  await deployments.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'hello' } }, template: template('hello-app:1.0') },
  });
  await createService(
    tc.client,
    service('hello', { selector: { app: 'hello' }, ports: [{ port: 80, targetPort: 8080 }] }),
  );
  while ((tc.proxy.served('default/hello')[0]?.backends.length ?? 0) < 3) await new Promise((r) => setTimeout(r, 20));
  const ip = (await tc.client.resource<Service>(gvrServices, 'default').get('hello')).spec?.clusterIP ?? '';

  let ok = 0;
  const failures: string[] = [];
  const inflight = new Set<Promise<void>>();
  const end = Date.now() + seconds * 1000;
  const perTick = Math.max(1, Math.round(rate / 100));
  const load = (async () => {
    while (Date.now() < end) {
      for (let i = 0; i < perTick; i++) {
        const p = whoAnswers(ip, 80).then(
          (who) => {
            if (who) ok++;
            else failures.push('empty answer');
          },
          (err: Error) => {
            failures.push(err.message);
          },
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const podsApi = tc.client.resource<PodView>(gvrPods, 'default');
  let deletions = 0;
  let rolled = false;
  while (Date.now() < end - 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    if (!rolled && Date.now() > end - (seconds * 1000) / 2) {
      rolled = true;
      await deployments.patch('hello', 'merge', { spec: { template: template('hello-app:2.0') } });
      continue;
    }
    const live = (await podsApi.list({ labelSelector: 'app=hello' })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    const victim = live[Math.floor(Math.random() * live.length)];
    if (!victim) continue;
    const victimIP = `${victim.status?.podIP}:8080`;
    const t0 = performance.now();
    await podsApi.delete(victim.metadata.name ?? '', { gracePeriodSeconds: 30 });
    deletions++;
    // Out of the proxy's rotation: polled in memory every millisecond.
    while (tc.proxy.served('default/hello')[0]?.backends.includes(victimIP)) await new Promise((r) => setTimeout(r, 1));
    outOfRotation.push(performance.now() - t0);
  }
  await load;
  await Promise.all(inflight);
  const m = tc.proxy.metrics();
  const svc = m.services['default/hello'];
  const fmt = (x: number) => x.toFixed(1);
  console.log(`${seconds} s at ~${rate} new connections/s: ${ok} requests ok, ${failures.length} failed (goal 0)`);
  if (failures.length > 0) console.log(`  first failures: ${failures.slice(0, 5).join('; ')}`);
  console.log(
    `  ${deletions} pod deletions and one rolling update; proxy retries ${svc?.retries}, failures ${svc?.failures}`,
  );
  console.log(
    `  delete → out of the proxy's rotation: p50 ${fmt(percentile(outOfRotation, 0.5))} ms, p99 ${fmt(percentile(outOfRotation, 0.99))} ms (goal p99 < 20 ms)`,
  );
  console.log(
    `  delete → drained everywhere (waitForDataplaneDrain): p50 ${fmt(percentile(drainLatencies, 0.5))} ms, p99 ${fmt(percentile(drainLatencies, 0.99))} ms over ${drainLatencies.length} pods`,
  );
  console.log(
    `  slice change seen → applied by the proxy: p50 ${fmt(m.propagation.p50Ms)} ms, p99 ${fmt(m.propagation.p99Ms)} ms `,
  );
  console.log(
    `  EndpointSlice trigger time → applied: p50 ${fmt(m.programming.p50Ms)} ms, p99 ${fmt(m.programming.p99Ms)} ms (upstream's second-resolution timestamps)`,
  );
} finally {
  agent.stop();
  await tc.stop();
}
