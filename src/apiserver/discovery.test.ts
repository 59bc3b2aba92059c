import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedDiscovery, negotiateDiscovery } from './discovery.js';

test('negotiates the aggregated discovery version each kubectl offers', () => {
  const cases: [string | undefined, string][] = [
    ['application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2beta1'],
    [
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      'v2',
    ],
    ['application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io', 'v2'],
    ['application/json, */*', 'legacy'],
    [undefined, 'legacy'],
  ];
  for (const [accept, want] of cases) assert.equal(negotiateDiscovery(accept), want, String(accept));
});

test('aggregated discovery carries short names, categories and subresources', () => {
  const core = aggregatedDiscovery('api', 'v2');
  const pods = core.items[0]?.versions[0]?.resources.find((r) => r.resource === 'pods');
  assert.deepEqual(pods?.shortNames, ['po']);
  assert.deepEqual(pods?.categories, ['all']);
  const apps = aggregatedDiscovery('apis', 'v2beta1');
  assert.equal(apps.apiVersion, 'apidiscovery.k8s.io/v2beta1');
  const deploy = apps.items
    .find((g) => g.metadata.name === 'apps')
    ?.versions[0]?.resources.find((r) => r.resource === 'deployments');
  assert.deepEqual(
    (deploy?.subresources as { subresource: string }[] | undefined)?.map((s) => s.subresource),
    ['status', 'scale'],
  );
});
