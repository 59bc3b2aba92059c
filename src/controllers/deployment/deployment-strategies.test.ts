/**
 * More of the Deployment controller against the in-process API server: adoption of an orphan ReplicaSet,
 * Recreate, pause / resume, revision history cleanup and scaling. The test plays the ReplicaSet controller by
 * writing ReplicaSet status.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { settle, type TestApi, testApi } from '../../client/api-test-helpers.js';
import { type RunningControllers, silentLogger, startControllers } from '../../client/index.js';
import type { ResourceClient } from '../../client/types.js';
import { deploymentController } from './index.js';
import { deploymentsGvr, replicaSetsGvr } from './sync-context.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

let api: TestApi;
let running: RunningControllers;
let deployments: ResourceClient<DeploymentObject>;
let replicaSets: ResourceClient<ReplicaSetObject>;

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

const podTemplate = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'web', image }] },
});

function newDeployment(name: string, spec: Partial<DeploymentObject['spec']> = {}): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate(name, 'img:1'), ...spec },
  };
}

async function owned(name: string): Promise<ReplicaSetObject[]> {
  const uid = (await deployments.get(name)).metadata.uid;
  return (await replicaSets.list()).items
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller))
    .sort((a, b) => revision(a) - revision(b));
}

function revision(rs: ReplicaSetObject): number {
  return Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

/** Reports the pods of every ReplicaSet as all up (or all gone, for replicas 0). */
async function podsFollow(): Promise<void> {
  for (const rs of (await replicaSets.list()).items) {
    const n = rs.spec.replicas ?? 0;
    if (rs.status?.replicas === n && rs.status.availableReplicas === n) continue;
    const status = {
      replicas: n,
      readyReplicas: n,
      availableReplicas: n,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    await replicaSets.updateStatus({ ...rs, status }).catch(() => undefined);
  }
}

/** Polls (playing the pods when `pods` is set) until `cond` holds. */
async function waitFor<T>(what: string, probe: () => Promise<T>, cond: (v: T) => boolean, pods = false): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (pods) await podsFollow();
    const v = await probe();
    if (cond(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v, null, 1)}`);
    await settle(5);
  }
}

/** Every replica updated and available, for the current generation. */
const complete = (n: number) => (d: DeploymentObject) =>
  d.status?.observedGeneration === d.metadata.generation &&
  d.status?.updatedReplicas === n &&
  d.status.replicas === n &&
  d.status.availableReplicas === n;

const sizes = (rss: ReplicaSetObject[]) => rss.map((rs) => rs.spec.replicas);
const images = (rss: ReplicaSetObject[]) => rss.map((rs) => rs.spec.template?.spec?.containers[0]?.image);

test('an orphan ReplicaSet with the same template is adopted as the new one', async () => {
  await replicaSets.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'adoptee', labels: { app: 'adopt' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'adopt' } }, template: podTemplate('adopt', 'img:1') },
  });
  await deployments.create(newDeployment('adopt'));
  const rss = await waitFor(
    'adoption',
    () => owned('adopt'),
    (l) => l.length === 1 && revision(l[0]!) === 1,
  );
  assert.equal(rss[0]?.metadata.name, 'adoptee');
  assert.equal(rss[0]?.metadata.ownerReferences?.[0]?.blockOwnerDeletion, true);
  await settle(30);
  assert.equal((await replicaSets.list()).items.filter((rs) => rs.metadata.labels?.app === 'adopt').length, 1);
});

test('Recreate scales the old ReplicaSet to zero before the new one starts', async () => {
  await deployments.create(newDeployment('recreate', { strategy: { type: 'Recreate' } }));
  await waitFor(
    'the first rollout',
    () => owned('recreate'),
    (l) => l.length === 1 && l[0]?.status?.availableReplicas === 2,
    true,
  );
  await deployments.patch('recreate', 'merge', { spec: { template: podTemplate('recreate', 'img:2') } });
  const down = await waitFor(
    'the old one to go down',
    () => owned('recreate'),
    (l) => l[0]?.spec.replicas === 0,
  );
  assert.equal(down.length, 1, 'no new ReplicaSet while old pods are reported');
  const done = await waitFor(
    'the new one',
    () => owned('recreate'),
    (l) => l.length === 2 && l[1]?.spec.replicas === 2,
    true,
  );
  assert.deepEqual(images(done), ['img:1', 'img:2']);
  assert.deepEqual(sizes(done), [0, 2]);
});

test('a paused Deployment does not roll out; resuming does', async () => {
  await deployments.create(newDeployment('paused'));
  await waitFor(
    'the first rollout',
    () => owned('paused'),
    (l) => l[0]?.status?.availableReplicas === 2,
    true,
  );
  await deployments.patch('paused', 'merge', { spec: { paused: true, template: podTemplate('paused', 'img:2') } });
  const d = await waitFor(
    'the paused condition',
    () => deployments.get('paused'),
    (x) => x.status?.conditions?.some((c) => c.reason === 'DeploymentPaused') === true,
  );
  assert.equal(d.status?.conditions?.find((c) => c.type === 'Progressing')?.status, 'Unknown');
  await settle(30);
  assert.equal((await owned('paused')).length, 1);
  await deployments.patch('paused', 'merge', { spec: { paused: false } });
  const rss = await waitFor(
    'the rollout',
    () => owned('paused'),
    (l) => l.length === 2 && l[0]?.spec.replicas === 0,
    true,
  );
  assert.deepEqual(images(rss), ['img:1', 'img:2']);
});

test('revisionHistoryLimit deletes the oldest empty ReplicaSets', async () => {
  await deployments.create(newDeployment('history', { revisionHistoryLimit: 1 }));
  for (const image of ['img:2', 'img:3']) {
    await waitFor('a complete rollout', () => deployments.get('history'), complete(2), true);
    await deployments.patch('history', 'merge', { spec: { template: podTemplate('history', image) } });
  }
  const rss = await waitFor(
    'the cleanup',
    () => owned('history'),
    (l) => images(l).join() === 'img:2,img:3' && sizes(l).join() === '0,2',
    true,
  );
  assert.deepEqual(rss.map(revision), [2, 3]);
});

test('scaling mid-rollout spreads the new size over both ReplicaSets', async () => {
  await deployments.create(newDeployment('scale', { replicas: 4 }));
  await waitFor(
    'the first rollout',
    () => owned('scale'),
    (l) => l[0]?.status?.availableReplicas === 4,
    true,
  );
  // maxUnavailable 1, maxSurge 1: the new ReplicaSet gets 1, the old one goes to 3; nothing becomes available.
  await deployments.patch('scale', 'merge', { spec: { template: podTemplate('scale', 'img:2') } });
  await waitFor(
    'the rollout to start',
    () => owned('scale'),
    (l) => l.length === 2 && l[0]?.spec.replicas === 3 && l[1]?.spec.replicas === 2,
  );
  await deployments.patch('scale', 'merge', { spec: { replicas: 8 } });
  const rss = await waitFor(
    'proportional scaling',
    () => owned('scale'),
    (l) => (l[0]?.spec.replicas ?? 0) + (l[1]?.spec.replicas ?? 0) === 10,
  );
  assert.deepEqual(sizes(rss), [6, 4]);
  assert.deepEqual(
    rss.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']),
    ['8', '8'],
  );
});
