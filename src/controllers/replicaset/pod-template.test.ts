import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podFromTemplate, podNamePrefix } from './pod-template.js';
import { testReplicaSet } from './test-fixtures.js';

test('a pod from the template carries labels, annotations, finalizers, spec and the controller reference', () => {
  const rs = testReplicaSet({ uid: 'rs-1' });
  const template = rs.spec?.template;
  if (!template?.metadata) throw new Error('fixture');
  template.metadata.annotations = { note: 'x' };
  template.metadata.finalizers = ['example.com/f'];
  const pod = podFromTemplate(rs);
  assert.deepEqual(pod, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'web-',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { note: 'x' },
      finalizers: ['example.com/f'],
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: 'rs-1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  assert.notEqual(pod.spec, template.spec, 'the spec is a copy');
});

const prefixes: [string, string][] = [
  ['web', 'web-'],
  ['a.b', 'a.b-'],
  // apimachinery masks the last two characters of `<name>-` into one `a`, so a long name keeps its dash ...
  ['x'.repeat(253), `${'x'.repeat(253)}-`],
  // ... and only a name invalid before its last character loses it.
  ['a_b', 'a_b'],
];

for (const [name, want] of prefixes) {
  test(`generateName prefix of a ${name.length}-character name`, () => {
    assert.equal(podNamePrefix(name), want);
  });
}
