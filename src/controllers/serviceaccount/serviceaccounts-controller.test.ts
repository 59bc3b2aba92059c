import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { GroupVersionResource, KubeClient } from '../../client/types.js';
import { eventually, startTestCluster, type TestCluster } from '../garbage-collector/testdata/test-cluster.js';
import { missingServiceAccounts, serviceAccountController } from './index.js';

const namespaces: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccounts: GroupVersionResource = { group: '', version: 'v1', resource: 'serviceaccounts' };

describe('missingServiceAccounts', () => {
  const ns = (phase?: string): KubeObject => ({ metadata: { name: 'ns' }, status: phase ? { phase } : {} });
  const cases: [string, KubeObject | undefined, string[], string[]][] = [
    ['an active namespace lacking one', ns('Active'), ['ns/other'], ['default']],
    ['an active namespace that has it', ns('Active'), ['ns/default'], []],
    ['a terminating namespace', ns('Terminating'), [], []],
    ['a namespace without a phase yet', ns(), [], []],
    ['a namespace gone', undefined, [], []],
  ];
  for (const [name, namespace, cached, expected] of cases) {
    it(name, () => {
      const have = new Set(cached);
      assert.deepEqual(
        missingServiceAccounts(namespace, ['default'], (key) => have.has(key)),
        expected,
      );
    });
  }
});

describe('serviceaccounts controller', () => {
  let cluster: TestCluster;
  let client: KubeClient;
  before(async () => {
    cluster = await startTestCluster([serviceAccountController]);
    client = cluster.client;
  });
  after(() => cluster.stop());

  const defaultAccount = (ns: string) =>
    eventually(`the default ServiceAccount in ${ns}`, async () => {
      const list = await client.resource(serviceAccounts, ns).list();
      return list.items.find((sa) => sa.metadata.name === 'default');
    });

  it('creates the default ServiceAccount in a new namespace, and again when it is deleted', async () => {
    await client.resource(namespaces).create({ metadata: { name: 'team-b' } });
    const first = await defaultAccount('team-b');
    await client.resource(serviceAccounts, 'team-b').delete('default');
    const second = await eventually('a new default ServiceAccount', async () => {
      const sa = await defaultAccount('team-b');
      return sa.metadata.uid !== first.metadata.uid ? sa : undefined;
    });
    assert.equal(second.metadata.namespace, 'team-b');
  });
});
