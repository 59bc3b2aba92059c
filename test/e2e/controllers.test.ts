/**
 * The controllers with the real kubectl: Deployment → ReplicaSet → Pods, self-healing, scaling, rolling update
 * bounds, undo, EndpointSlices/Endpoints of a Service, cascading deletion and namespace deletion. A stand-in
 * kubelet (fake-kubelet.ts) makes bound pods Running/Ready, as Kubernetes' controller tests do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpsClient } from '../../src/client/https-client.js';
import type { KubeClient } from '../../src/client/types.js';
import { type FakeKubelet, startFakeKubelet } from './fake-kubelet.js';
import { startTestCluster, type TestCluster } from './harness.js';

let tc: TestCluster;
let client: KubeClient;
let kubelet: FakeKubelet;
const ns = 'ctl';

before(async () => {
  tc = await startTestCluster({ nodeAgent: false });
  client = httpsClient({
    server: tc.cluster.url,
    caPem: tc.pki.caCertPem,
    token: tc.pki.adminToken,
    fieldManager: 'e2e',
  });
  kubelet = startFakeKubelet(client, { readyDelayMs: 150 });
  ok(await k(['create', 'namespace', ns]), 'create ns');
});

after(async () => {
  kubelet?.stop();
  await tc?.stop();
});

const k = (args: string[]) => tc.kubectl('1.33', ['-n', ns, ...args], { timeoutMs: 90_000 });

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface PodView {
  metadata: {
    name: string;
    labels: Record<string, string>;
    deletionTimestamp?: string;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec: { containers: { image: string }[] };
  status: { conditions?: { type: string; status: string }[]; podIP?: string };
}

async function pods(selector = 'app=hello'): Promise<PodView[]> {
  const list = await client
    .resource({ group: '', version: 'v1', resource: 'pods' }, ns)
    .list({ labelSelector: selector });
  return list.items as unknown as PodView[];
}

const live = (ps: PodView[]) => ps.filter((p) => !p.metadata.deletionTimestamp);
const isReady = (p: PodView) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('controllers with kubectl 1.33', () => {
  it('a deployment creates one ReplicaSet and three pods that look as on a real cluster', async () => {
    ok(
      await k(['create', 'deployment', 'hello', '--image=gcr.io/google-samples/hello-app:1.0', '--replicas=3']),
      'create',
    );
    const status = ok(await k(['rollout', 'status', 'deployment/hello', '--timeout=60s']), 'rollout status');
    assert.match(status, /deployment "hello" successfully rolled out/);
    const rs = ok(await k(['get', 'rs']), 'get rs');
    const rsMatch = /^(hello-([bcdfghjklmnpqrstvwxz2456789]{8,10}))\s+3\s+3\s+3\s+\d+s$/m.exec(rs);
    assert.ok(rsMatch, rs);
    const hash = rsMatch[2]!;
    const ps = await pods();
    assert.equal(ps.length, 3);
    for (const p of ps) {
      assert.match(p.metadata.name, new RegExp(`^hello-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.metadata.labels['pod-template-hash'], hash);
      assert.deepEqual(
        p.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}`),
        [`ReplicaSet/hello-${hash}/true`],
      );
    }
    assert.match(ok(await k(['get', 'deploy']), 'get deploy'), /^hello\s+3\/3\s+3\s+3\s+\d+s$/m);
    const getPods = ok(await k(['get', 'pods']), 'get pods');
    assert.equal((getPods.match(/^hello-\S+\s+1\/1\s+Running\s+0\s+\d+s$/gm) ?? []).length, 3, getPods);
    const events = ok(await k(['get', 'events']), 'get events');
    assert.match(events, /ScalingReplicaSet\s+deployment\/hello\s+Scaled up replica set hello-\S+ from 0 to 3/);
    assert.match(events, /SuccessfulCreate\s+replicaset\/hello-\S+\s+Created pod: hello-/);
  });

  it('replaces a deleted pod and scales up and down', async () => {
    const before = await pods();
    const victim = before[0]!.metadata.name;
    ok(await k(['delete', 'pod', victim]), 'delete pod');
    await until('a replacement pod', async () => {
      const now = live(await pods());
      return now.length === 3 && !now.some((p) => p.metadata.name === victim) && now.every(isReady);
    });
    ok(await k(['scale', 'deployment', 'hello', '--replicas=5']), 'scale up');
    await until('5 ready pods', async () => live(await pods()).filter(isReady).length === 5);
    ok(await k(['scale', 'deployment', 'hello', '--replicas=4']), 'scale down');
    await until('4 pods', async () => (await pods()).length === 4);
  });

  it('rolls out a new image within maxSurge and maxUnavailable, then undoes it', async () => {
    // 4 replicas, 25%/25%: at most 5 pods, at least 3 available at every moment.
    let maxLive = 0;
    let minReady = Number.POSITIVE_INFINITY;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = live(await pods());
        maxLive = Math.max(maxLive, now.length);
        minReady = Math.min(minReady, now.filter(isReady).length);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    ok(await k(['set', 'image', 'deployment/hello', 'hello-app=gcr.io/google-samples/hello-app:2.0']), 'set image');
    ok(await k(['rollout', 'status', 'deployment/hello', '--timeout=60s']), 'rollout status');
    sampling = false;
    await sampler;
    assert.ok(maxLive <= 5, `at most replicas + maxSurge pods (saw ${maxLive})`);
    assert.ok(minReady >= 3, `at least replicas - maxUnavailable ready (saw ${minReady})`);
    const images = live(await pods()).map((p) => p.spec.containers[0]?.image);
    assert.deepEqual(images, Array(4).fill('gcr.io/google-samples/hello-app:2.0'));
    const history = ok(await k(['rollout', 'history', 'deployment/hello']), 'history');
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    ok(await k(['rollout', 'undo', 'deployment/hello']), 'undo');
    ok(await k(['rollout', 'status', 'deployment/hello', '--timeout=60s']), 'rollout status after undo');
    await until('pods back on 1.0', async () => {
      const now = live(await pods());
      return (
        now.length === 4 && now.every((p) => p.spec.containers[0]?.image === 'gcr.io/google-samples/hello-app:1.0')
      );
    });
  });

  it('a Service lists exactly the ready pods in its EndpointSlice and Endpoints', async () => {
    ok(await k(['expose', 'deployment', 'hello', '--name=hello-service', '--port=80', '--target-port=8080']), 'expose');
    const expected = live(await pods())
      .filter(isReady)
      .map((p) => p.status.podIP)
      .sort();
    const sliceIps = await until('slice endpoints', async () => {
      const slices = await client
        .resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, ns)
        .list({ labelSelector: 'kubernetes.io/service-name=hello-service' });
      const eps = slices.items.flatMap(
        (s) =>
          (s as unknown as { endpoints?: { addresses: string[]; conditions: { ready?: boolean } }[] }).endpoints ?? [],
      );
      const ips = eps
        .filter((e) => e.conditions.ready)
        .flatMap((e) => e.addresses)
        .sort();
      return ips.length === expected.length ? ips : undefined;
    });
    assert.deepEqual(sliceIps, expected);
    const ep = ok(
      await k(['get', 'endpoints', 'hello-service', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']),
      'endpoints',
    );
    assert.deepEqual(ep.split(' ').sort(), expected);
    const describe = ok(await k(['describe', 'svc', 'hello-service']), 'describe svc');
    assert.match(describe, /^Endpoints:\s+127\.244\.\d+\.\d+:8080,/m);
  });

  it('deletes with background, orphan and foreground propagation, and deletes namespaces', async () => {
    ok(await k(['create', 'deployment', 'orphaned', '--image=registry.k8s.io/pause:3.9', '--replicas=1']), 'create');
    await until('orphaned rs', async () => (await pods('app=orphaned')).length === 1);
    ok(await k(['delete', 'deployment', 'orphaned', '--cascade=orphan']), 'delete orphan');
    const rs = ok(await k(['get', 'rs', '-l', 'app=orphaned', '-o', 'name']), 'get rs');
    assert.match(rs, /replicaset.apps\/orphaned-/);
    ok(await k(['delete', 'deployment', 'hello', '--cascade=foreground']), 'delete foreground');
    await until('hello pods gone', async () => (await pods()).length === 0);
    ok(await k(['delete', 'namespace', ns, '--timeout=60s']), 'delete ns');
    const gone = await tc.kubectl('1.33', ['get', 'namespace', ns]);
    assert.match(gone.stderr, /namespaces "ctl" not found/);
  });
});
