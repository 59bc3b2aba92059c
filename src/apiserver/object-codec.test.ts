import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findResource } from '../api/registry.js';
import { decodeFromStorage, encodedForList, encodeForStorage } from './object-codec.js';

const pods = findResource('', 'v1', 'pods')!;

test('list splicing yields exactly the decoded object', () => {
  const stored = encodeForStorage({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', resourceVersion: '5', labels: { a: 'b' } },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  });
  assert.ok(!stored.includes('resourceVersion'), 'resourceVersion is not stored');
  const kv = { key: '/registry/core/pods/default/p', value: stored, createRevision: 7, modRevision: 9 };
  assert.deepEqual(JSON.parse(encodedForList(pods, kv)), decodeFromStorage(pods, kv));
  assert.equal(
    (JSON.parse(encodedForList(pods, kv)) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    '9',
  );
});

test('objects stored in another layout still list correctly', () => {
  const kv = { key: 'k', value: '{"spec":{},"metadata":{"name":"p"}}', createRevision: 1, modRevision: 2 };
  assert.deepEqual(JSON.parse(encodedForList(pods, kv)), {
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {},
    metadata: { name: 'p', resourceVersion: '2' },
  });
});
