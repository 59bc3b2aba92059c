import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { EndpointSlice } from './kinds.js';
import { RecentWrites } from './recent-writes.js';
import { SliceGenerations } from './slice-generations.js';

const obj = (rv: string, uid = 'u1', extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { namespace: 'ns', name: 'x', uid, resourceVersion: rv, labels: { 'kubernetes.io/service-name': 'web' } },
  ...extra,
});

test('an update the informer has not seen yet is read through', () => {
  const w = new RecentWrites<KubeObject>();
  w.wrote(obj('1'), obj('2'));
  assert.equal(w.resolve('ns/x', obj('1'))?.metadata.resourceVersion, '2');
  // Two writes in a row: the informer may show either older version.
  w.wrote(obj('2'), obj('3'));
  assert.equal(w.resolve('ns/x', obj('1'))?.metadata.resourceVersion, '3');
  assert.equal(w.resolve('ns/x', obj('2'))?.metadata.resourceVersion, '3');
  // Caught up: the entry is dropped.
  w.observed(obj('3'));
  assert.equal(w.size, 0);
  assert.equal(w.resolve('ns/x', obj('3'))?.metadata.resourceVersion, '3');
});

test('a newer version written by someone else wins', () => {
  const w = new RecentWrites<KubeObject>();
  w.wrote(obj('1'), obj('2'));
  assert.equal(w.resolve('ns/x', obj('5'))?.metadata.resourceVersion, '5');
  assert.equal(w.size, 0);
});

test('creates are visible before the informer has them; deletes hide the cached object', () => {
  const w = new RecentWrites<KubeObject>();
  w.wrote(undefined, obj('4'));
  assert.equal(w.resolve('ns/x', undefined)?.metadata.resourceVersion, '4');
  assert.deepEqual(
    w.written(() => true).map((o) => o.metadata.resourceVersion),
    ['4'],
  );
  w.deleted(obj('4'));
  assert.equal(w.resolve('ns/x', obj('4')), undefined);
  assert.equal(w.resolve('ns/x', undefined), undefined);
  w.observedDelete(obj('4'));
  assert.equal(w.size, 0);
});

test('another incarnation of the name is not confused with ours', () => {
  const w = new RecentWrites<KubeObject>();
  w.wrote(obj('1'), obj('2'));
  assert.equal(w.resolve('ns/x', obj('1', 'u2'))?.metadata.uid, 'u2');
});

test('SliceGenerations tells our writes from others', () => {
  const g = new SliceGenerations();
  const slice = (generation: number): EndpointSlice => ({
    addressType: 'IPv4',
    endpoints: [],
    metadata: { namespace: 'ns', name: 'x', uid: 'u1', generation, labels: { 'kubernetes.io/service-name': 'web' } },
  });
  assert.equal(g.shouldSync(slice(1)), true);
  assert.equal(g.handleDeletion(slice(1)), false, 'an untracked slice was not deleted by us');
  g.update(slice(2));
  assert.equal(g.shouldSync(slice(2)), false);
  assert.equal(g.shouldSync(slice(3)), true);
  assert.equal(g.handleDeletion(slice(2)), false);
  g.expectDeletion(slice(2));
  assert.equal(g.has(slice(2)), true);
  assert.equal(g.handleDeletion(slice(2)), true);
  assert.equal(g.has(slice(2)), false);
});
