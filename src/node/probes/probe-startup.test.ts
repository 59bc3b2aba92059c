import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probe, probeHarness, verdicts } from './probe-manager-test-helpers.js';
import { probeSettings } from './probe-settings.js';

const gated = {
  startupProbe: probe('/start', { periodSeconds: 1, failureThreshold: 30 }),
  readinessProbe: probe('/ready'),
  livenessProbe: probe('/live'),
};

test('a startup probe gates liveness and readiness until it succeeds, then stops', async () => {
  const h = await probeHarness(gated);
  h.health['/start'] = false;
  assert.deepEqual(h.state(), { started: false, ready: false });
  await h.at(2_500);
  h.health['/start'] = true;
  await h.at(2_999);
  assert.deepEqual(h.callsTo('/ready'), []);
  assert.deepEqual(h.callsTo('/live'), []);
  assert.deepEqual(h.state(), { started: false, ready: false });
  await h.at(3_000);
  assert.deepEqual(h.state(), { started: true, ready: true }, 'readiness runs as soon as the container started');
  assert.deepEqual(verdicts(h), [
    ['startup', 'success', true],
    ['readiness', 'success', true],
  ]);
  await h.at(30_000);
  assert.deepEqual(h.callsTo('/start'), [1_000, 2_000, 3_000]);
  assert.deepEqual(h.callsTo('/ready'), [3_000, 13_000, 23_000]);
  assert.deepEqual(h.callsTo('/live'), [10_000, 20_000, 30_000]);
  assert.deepEqual(
    h.events.map((e) => e.message),
    Array(2).fill('Startup probe failed: HTTP probe failed with statuscode: 500'),
  );
});

test('a startup probe that reaches failureThreshold reports failure once and holds', async () => {
  const h = await probeHarness({
    ...gated,
    startupProbe: probe('/start', { periodSeconds: 1, failureThreshold: 3, terminationGracePeriodSeconds: 2 }),
  });
  h.health['/start'] = false;
  await h.at(30_000);
  assert.deepEqual(h.callsTo('/start'), [1_000, 2_000, 3_000]);
  assert.deepEqual(h.results, [
    {
      podUid: 'pod-1',
      container: 'app',
      kind: 'startup',
      result: 'failure',
      message: 'HTTP probe failed with statuscode: 500',
      changed: true,
      terminationGracePeriodSeconds: 2,
    },
  ]);
  assert.deepEqual(h.callsTo('/ready'), []);
  assert.deepEqual(h.callsTo('/live'), []);
  assert.deepEqual(h.state(), { started: false, ready: false });
});

test('terminating: liveness stops, readiness keeps running and can turn false', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready'), livenessProbe: probe('/live') });
  await h.at(10_000);
  assert.deepEqual(h.state(), { started: true, ready: true });
  h.manager.stopLivenessAndStartup('pod-1');
  const before = h.results.length;
  h.health['/ready'] = false;
  h.health['/live'] = false;
  await h.at(60_000);
  assert.deepEqual(h.callsTo('/live'), [10_000]);
  assert.ok(h.callsTo('/ready').length >= 6);
  assert.deepEqual(h.state(), { started: true, ready: false });
  assert.ok(
    h.results.slice(before).every((r) => r.kind === 'readiness'),
    'a stopped liveness probe never fails the container',
  );
});

test('terminating before startup succeeded: the container counts as started and readiness runs at once', async () => {
  const h = await probeHarness(gated);
  h.health['/start'] = false;
  await h.at(1_500);
  h.manager.stopLivenessAndStartup('pod-1');
  await h.at(1_500);
  assert.deepEqual(h.callsTo('/ready'), [1_500]);
  assert.deepEqual(h.state(), { started: true, ready: true });
  await h.at(30_000);
  assert.deepEqual(h.callsTo('/start'), [1_000]);
  assert.deepEqual(h.callsTo('/live'), []);
});

test('probeSettings applies Kubernetes defaults and forces successThreshold 1 for liveness and startup', async (t) => {
  const cases = [
    {
      name: 'readiness defaults',
      kind: 'readiness' as const,
      probe: {},
      want: { initialDelaySeconds: 0, periodMs: 10_000, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    },
    {
      name: 'readiness explicit',
      kind: 'readiness' as const,
      probe: { initialDelaySeconds: 4, periodSeconds: 2, timeoutSeconds: 3, successThreshold: 2, failureThreshold: 5 },
      want: { initialDelaySeconds: 4, periodMs: 2_000, timeoutSeconds: 3, successThreshold: 2, failureThreshold: 5 },
    },
    {
      name: 'liveness ignores successThreshold, zero means default',
      kind: 'liveness' as const,
      probe: { successThreshold: 4, periodSeconds: 0, failureThreshold: 0, terminationGracePeriodSeconds: 9 },
      want: { initialDelaySeconds: 0, periodMs: 10_000, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
      grace: 9,
    },
    {
      name: 'readiness never carries a probe grace period',
      kind: 'readiness' as const,
      probe: { terminationGracePeriodSeconds: 9 },
      want: { initialDelaySeconds: 0, periodMs: 10_000, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(probeSettings(c.probe, c.kind), { ...c.want, terminationGracePeriodSeconds: c.grace });
    });
  }
});
