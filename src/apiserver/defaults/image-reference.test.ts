import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPullPolicy, parseImageReference } from './image-reference.js';

const sha = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const references: [string, { name: string; tag: string; digest: string } | undefined][] = [
  ['nginx', { name: 'nginx', tag: 'latest', digest: '' }],
  ['nginx:1.25', { name: 'nginx', tag: '1.25', digest: '' }],
  ['nginx:latest', { name: 'nginx', tag: 'latest', digest: '' }],
  [`nginx@${sha}`, { name: 'nginx', tag: '', digest: sha }],
  [`nginx:1.25@${sha}`, { name: 'nginx', tag: '1.25', digest: sha }],
  ['localhost:5000/team/app', { name: 'localhost:5000/team/app', tag: 'latest', digest: '' }],
  [
    'registry.k8s.io/e2e-test-images/agnhost:2.47',
    { name: 'registry.k8s.io/e2e-test-images/agnhost', tag: '2.47', digest: '' },
  ],
  ['[::1]:5000/app:v1', { name: '[::1]:5000/app', tag: 'v1', digest: '' }],
  ['Registry.Example.com/app', { name: 'Registry.Example.com/app', tag: 'latest', digest: '' }],
  ['a__b/c-d.e', { name: 'a__b/c-d.e', tag: 'latest', digest: '' }],
  ['NGINX', undefined],
  ['', undefined],
  ['nginx:', undefined],
  ['nginx@sha256:abc', undefined],
  ['0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', undefined],
  [`${'a'.repeat(256)}`, undefined],
  ['a/-b', undefined],
];

for (const [image, want] of references) {
  test(`image reference ${JSON.stringify(image.slice(0, 40))}`, () => {
    assert.deepEqual(parseImageReference(image), want);
  });
}

const policies: [unknown, string][] = [
  ['nginx', 'Always'],
  ['nginx:latest', 'Always'],
  ['nginx:1.25', 'IfNotPresent'],
  [`nginx@${sha}`, 'IfNotPresent'],
  ['NGINX', 'IfNotPresent'],
  [undefined, 'IfNotPresent'],
];

for (const [image, want] of policies) {
  test(`pull policy of ${JSON.stringify(image)} is ${want}`, () => {
    assert.equal(defaultPullPolicy(image), want);
  });
}
