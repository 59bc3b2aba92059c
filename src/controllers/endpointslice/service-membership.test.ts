import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, service } from './endpoint-test-helpers.js';
import type { Pod } from './kinds.js';
import { podEndpointsChanged, servicesMatching, servicesToUpdateOnPodChange } from './service-membership.js';

const services = [
  service('web', { selector: { app: 'web' } }),
  service('web-v2', { selector: { app: 'web', v: '2' } }),
  service('db', { selector: { app: 'db' } }),
  service('manual', { selector: null }),
];

test('servicesMatching uses the selectors of Services that have one', () => {
  assert.deepEqual([...servicesMatching(services, { app: 'web', v: '2' })], ['ns/web', 'ns/web-v2']);
  assert.deepEqual([...servicesMatching(services, { app: 'other' })], []);
  assert.deepEqual([...servicesMatching(services, undefined)], []);
});

const base = pod('a', 1, { labels: { app: 'web' }, resourceVersion: '1' });
const next = (o: Parameters<typeof pod>[2]): Pod => pod('a', 1, { labels: { app: 'web' }, resourceVersion: '2', ...o });

const cases: { name: string; newPod: Pod; oldPod?: Pod; want: string[] }[] = [
  { name: 'resync (same resourceVersion)', oldPod: base, newPod: pod('a', 1, { ready: false }), want: [] },
  { name: 'irrelevant change', newPod: next({}), want: [] },
  { name: 'readiness change', newPod: next({ ready: false }), want: ['ns/web'] },
  { name: 'deletion', newPod: next({ deleting: true }), want: ['ns/web'] },
  { name: 'IP change', newPod: next({ ip: '127.244.9.9' }), want: ['ns/web'] },
  { name: 'terminal phase', newPod: next({ phase: 'Failed' }), want: ['ns/web'] },
  { name: 'labels gained', newPod: next({ labels: { app: 'web', v: '2' } }), want: ['ns/web-v2'] },
  { name: 'labels moved', newPod: next({ labels: { app: 'db' } }), want: ['ns/db', 'ns/web'] },
  {
    name: 'labels and readiness changed',
    newPod: next({ labels: { app: 'web', v: '2' }, ready: false }),
    want: ['ns/web', 'ns/web-v2'],
  },
];

for (const c of cases) {
  test(`servicesToUpdateOnPodChange: ${c.name}`, () => {
    const got = servicesToUpdateOnPodChange(services, c.oldPod ?? base, c.newPod);
    assert.deepEqual([...got].sort(), c.want);
  });
}

test('podEndpointsChanged reports hostname changes as membership changes', () => {
  assert.deepEqual(podEndpointsChanged(base, next({ hostname: 'h' })), { podChanged: false, labelsChanged: true });
});
