/**
 * The Deployment controller against the real API server pipeline (in process, memory store). Pods are not
 * made here (that is the ReplicaSet controller's job): the test plays the ReplicaSet controller by writing
 * each ReplicaSet's status as if its pods were all up.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { events, settle, type TestApi, testApi } from '../../client/api-test-helpers.js';
import { type RunningControllers, silentLogger, startControllers } from '../../client/index.js';
import type { ResourceClient } from '../../client/types.js';
import { deploymentController } from './index.js';
import { computeHash } from './pod-template-hash.js';
import { deploymentsGvr, replicaSetsGvr } from './sync-context.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

let api: TestApi;
let running: RunningControllers;
let deployments: ResourceClient<DeploymentObject>;
let replicaSets: ResourceClient<ReplicaSetObject>;
let rsList: ReplicaSetObject[] = [];
let dep: DeploymentObject | undefined;

before(async () => {
  api = await testApi();
  deployments = api.client.resource<DeploymentObject>(deploymentsGvr, 'default');
  replicaSets = api.client.resource<ReplicaSetObject>(replicaSetsGvr, 'default');
  running = await startControllers({ client: api.client, nodeName: 'node-1', log: silentLogger }, [
    { name: 'deployment', start: deploymentController },
  ]);
});

after(async () => {
  await running.stop();
});

async function refresh(): Promise<void> {
  rsList = (await replicaSets.list()).items.sort((a, b) => revision(a) - revision(b));
  dep = await deployments.get('hello');
}

function revision(obj: KubeObject): number {
  return Number(obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

async function eventually(cond: () => boolean, what: string): Promise<void> {
  let ok = false;
  const deadline = Date.now() + 5000;
  while (!ok) {
    await refresh();
    ok = cond();
    if (!ok && Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ rsList, dep: dep?.status }, null, 1)}`);
    }
    if (!ok) await settle(10);
  }
}

/** The ReplicaSet controller's part: report every desired pod as ready and available. */
async function podsComeUp(): Promise<void> {
  for (const rs of (await replicaSets.list()).items) {
    const n = rs.spec.replicas ?? 0;
    if (rs.status?.replicas === n && rs.status.availableReplicas === n) continue;
    const observedGeneration = rs.metadata.generation ?? 1;
    await replicaSets.updateStatus({
      ...rs,
      status: { replicas: n, fullyLabeledReplicas: n, readyReplicas: n, availableReplicas: n, observedGeneration },
    });
  }
}

/** The size of the ReplicaSet at `index` (by revision) as last read. */
const sizeOf = (index: number): number | undefined => rsList[index]?.spec.replicas;

const image = (rs: ReplicaSetObject | undefined) => rs?.spec.template?.spec?.containers[0]?.image;

test('creating a Deployment makes one ReplicaSet named by the template hash, owned by the Deployment', async () => {
  await deployments.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', labels: { app: 'hello' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'hello' } },
      template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } },
    },
  });
  await eventually(() => rsList.length === 1 && revision(dep as KubeObject) === 1, 'the first ReplicaSet');
  const d = dep as DeploymentObject;
  const rs = rsList[0] as ReplicaSetObject;
  const hash = computeHash(d.spec.template);
  assert.equal(rs.metadata.name, `hello-${hash}`);
  assert.deepEqual(rs.metadata.labels, { app: 'hello', 'pod-template-hash': hash });
  assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'hello', 'pod-template-hash': hash } });
  assert.deepEqual(rs.spec.template?.metadata?.labels, { app: 'hello', 'pod-template-hash': hash });
  assert.deepEqual(rs.metadata.ownerReferences, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'hello',
      uid: d.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(rs.spec.replicas, 3);
  assert.deepEqual(rs.metadata.annotations, {
    'deployment.kubernetes.io/revision': '1',
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
  });
  await eventually(() => dep?.status?.observedGeneration === 1, 'the status');
  const conditions = Object.fromEntries((dep?.status?.conditions ?? []).map((c) => [c.type, c.reason]));
  assert.deepEqual(conditions, { Progressing: 'NewReplicaSetCreated', Available: 'MinimumReplicasUnavailable' });
});

test('pods becoming available complete the rollout', async () => {
  await podsComeUp();
  await eventually(
    () => dep?.status?.availableReplicas === 3 && dep.status.conditions?.length === 2,
    'the complete rollout',
  );
  const d = dep as DeploymentObject;
  assert.deepEqual(
    { ...d.status, conditions: undefined },
    {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: undefined,
    },
  );
  const conditions = Object.fromEntries((d.status?.conditions ?? []).map((c) => [c.type, [c.reason, c.message]]));
  assert.deepEqual(conditions, {
    Available: ['MinimumReplicasAvailable', 'Deployment has minimum availability.'],
    Progressing: ['NewReplicaSetAvailable', `ReplicaSet "${rsList[0]?.metadata.name}" has successfully progressed.`],
  });
});

test('a new image rolls out through a second ReplicaSet within maxSurge / maxUnavailable', async () => {
  await deployments.patch('hello', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } },
  });
  await eventually(() => rsList.length === 2, 'the second ReplicaSet');
  const [first, second] = rsList;
  assert.equal(image(second), 'nginx:2');
  assert.equal(revision(second as KubeObject), 2);
  assert.equal(second?.spec.replicas, 1, 'surge of 1 (25% of 3, rounded up)');
  await settle(50);
  await refresh();
  assert.equal(sizeOf(0), 3, 'maxUnavailable 0: the old pods stay until new ones are available');

  for (let i = 0; i < 500; i++) {
    await podsComeUp();
    await refresh();
    const total = rsList.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    assert.ok(total <= 4, `never more than replicas + maxSurge (${total})`);
    if (sizeOf(0) === 0 && dep?.status?.updatedReplicas === 3 && dep.status.replicas === 3) break;
    await settle(5);
  }
  assert.equal(rsList[0]?.metadata.name, first?.metadata.name);
  assert.equal(rsList[0]?.spec.replicas, 0, 'the old ReplicaSet is scaled down and kept as history');
  assert.equal(rsList[1]?.spec.replicas, 3);
  await eventually(
    () => dep?.status?.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') === true,
    'the second rollout to complete',
  );
  assert.equal(revision(dep as KubeObject), 2);
  assert.equal(dep?.status?.observedGeneration, 2);
});

test('going back to the first template reuses its ReplicaSet with the next revision', async () => {
  await deployments.patch('hello', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
  });
  await eventually(() => revision(rsList[rsList.length - 1] as KubeObject) === 3, 'the rollback');
  assert.equal(rsList.length, 2);
  const reused = rsList[1];
  assert.equal(image(reused), 'nginx:1');
  assert.equal(reused?.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  for (let i = 0; i < 500 && !(rsList[1]?.spec.replicas === 3 && rsList[0]?.spec.replicas === 0); i++) {
    await podsComeUp();
    await refresh();
    await settle(5);
  }
  assert.equal(rsList[1]?.spec.replicas, 3);
  assert.equal(rsList[0]?.spec.replicas, 0);
});

test('scaling events and rollout steps are recorded as upstream words them', async () => {
  await running.stop();
  const names = rsList.map((rs) => rs.metadata.name);
  const first = names[1];
  const second = names[0];
  const messages = (await api.client.resource(events, 'default').list()).items
    .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === 'hello')
    .map((e) => `${e.reason}: ${e.message}`);
  assert.ok(messages.includes(`ScalingReplicaSet: Scaled up replica set ${first} from 0 to 3`), messages.join('\n'));
  assert.ok(messages.includes(`ScalingReplicaSet: Scaled up replica set ${second} from 0 to 1`), messages.join('\n'));
  assert.ok(messages.includes(`ScalingReplicaSet: Scaled down replica set ${first} from 3 to 2`), messages.join('\n'));
});
