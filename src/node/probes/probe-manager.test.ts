import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probe, probeHarness, target, verdicts } from './probe-manager-test-helpers.js';

test('no probes: the container is started and ready at once', async () => {
  const h = await probeHarness({});
  assert.deepEqual(h.state(), { started: true, ready: true });
  await h.at(60_000);
  assert.deepEqual(h.calls, []);
  assert.equal(h.manager.containerState('pod-1', 'other'), undefined);
});

test('readiness starts false, runs when the kubelet first sees the container, then every period', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready') });
  assert.deepEqual(h.state(), { started: true, ready: false });
  await h.at(499);
  assert.deepEqual(h.calls, [], 'nothing before the container is seen running');
  await h.at(500);
  assert.deepEqual(h.state(), { started: true, ready: true });
  assert.deepEqual(verdicts(h), [['readiness', 'success', true]]);
  await h.at(20_500);
  assert.deepEqual(h.callsTo('/ready'), [500, 10_500, 20_500]);
  assert.deepEqual(verdicts(h).slice(1), [
    ['readiness', 'success', false],
    ['readiness', 'success', false],
  ]);
});

test('readiness turns false only after failureThreshold consecutive failures, and is re-run at once', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready') });
  await h.at(500);
  h.health['/ready'] = false;
  await h.at(20_500);
  assert.deepEqual(h.state(), { started: true, ready: true }, 'two failures are below the threshold');
  assert.equal(h.results.length, 1);
  await h.at(30_500);
  assert.deepEqual(h.state(), { started: true, ready: false });
  // The change makes the kubelet sync the pod, and its status update triggers the readiness probe once more.
  assert.deepEqual(h.callsTo('/ready'), [500, 10_500, 20_500, 30_500, 30_500]);
  assert.deepEqual(verdicts(h).slice(1), [
    ['readiness', 'failure', true],
    ['readiness', 'failure', false],
  ]);
  assert.equal(h.results[1]?.message, 'HTTP probe failed with statuscode: 500');
  assert.deepEqual(
    h.events.map((e) => [e.reason, e.message]),
    Array(4).fill(['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500']),
  );
  h.health['/ready'] = true;
  await h.at(40_500);
  assert.deepEqual(h.state(), { started: true, ready: true });
  assert.deepEqual(verdicts(h).at(-1), ['readiness', 'success', true]);
});

test('readiness successThreshold needs consecutive successes; a failure restarts the count', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready', { successThreshold: 3 }) });
  await h.at(10_500);
  assert.deepEqual(h.state(), { started: true, ready: false });
  h.health['/ready'] = false;
  await h.at(20_500);
  h.health['/ready'] = true;
  await h.at(40_500);
  assert.deepEqual(h.state(), { started: true, ready: false });
  await h.at(50_500);
  assert.deepEqual(h.state(), { started: true, ready: true });
  assert.deepEqual(verdicts(h), [['readiness', 'success', true]]);
});

test('liveness: first run one period after start, failureThreshold, then on hold until the container is replaced', async () => {
  const liveness = probe('/live', { periodSeconds: 5, failureThreshold: 2, terminationGracePeriodSeconds: 7 });
  const h = await probeHarness({ livenessProbe: liveness });
  h.health['/live'] = false;
  await h.at(9_999);
  assert.deepEqual(h.callsTo('/live'), [5_000]);
  assert.deepEqual(h.results, []);
  await h.at(10_000);
  assert.deepEqual(h.results, [
    {
      podUid: 'pod-1',
      container: 'app',
      kind: 'liveness',
      result: 'failure',
      message: 'HTTP probe failed with statuscode: 500',
      changed: true,
      terminationGracePeriodSeconds: 7,
    },
  ]);
  await h.at(60_000);
  assert.deepEqual(h.callsTo('/live'), [5_000, 10_000], 'no probing of a container about to be killed');

  h.health['/live'] = true;
  h.manager.addContainer('pod-1', 'app', { name: 'app', livenessProbe: liveness }, target, new Date(h.clock.now()));
  await h.at(65_000);
  assert.deepEqual(h.callsTo('/live'), [5_000, 10_000, 65_000]);
  assert.deepEqual(verdicts(h).at(-1), ['liveness', 'success', false]);
});

test('initialDelaySeconds counts whole seconds from the container start', async (t) => {
  const cases = [
    {
      name: 'readiness delay 5 skips the first sync run',
      probeSpec: { readinessProbe: probe('/p', { initialDelaySeconds: 5 }) },
      first: 10_500,
    },
    {
      name: 'readiness delay 1 skips the sync run at 0.5 s',
      probeSpec: { readinessProbe: probe('/p', { initialDelaySeconds: 1 }) },
      first: 10_500,
    },
    {
      name: 'liveness delay 15, period 10',
      probeSpec: { livenessProbe: probe('/p', { initialDelaySeconds: 15 }) },
      first: 20_000,
    },
    {
      name: 'liveness delay 10 is over at 10 s',
      probeSpec: { livenessProbe: probe('/p', { initialDelaySeconds: 10 }) },
      first: 10_000,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = await probeHarness(c.probeSpec);
      await h.at(c.first);
      assert.deepEqual(h.callsTo('/p'), [c.first]);
    });
  }
});

test('right after the kubelet starts, the first run waits a random part of the period', async () => {
  const h = await probeHarness(
    { livenessProbe: probe('/live'), readinessProbe: probe('/ready') },
    { managerAgeMs: 1_000, random: 0.25 },
  );
  await h.at(12_500);
  assert.deepEqual(h.callsTo('/live'), [2_500, 12_500]);
  assert.deepEqual(h.callsTo('/ready'), [500, 10_500], 'the sync trigger still runs readiness at once');
  const late = await probeHarness({ livenessProbe: probe('/live') }, { managerAgeMs: 1_000, random: 0.9999 });
  await late.at(10_000);
  assert.deepEqual(late.callsTo('/live'), [9_999]);
});

test('attempts never overlap: a tick during a slow attempt runs right after it', async () => {
  const h = await probeHarness({ livenessProbe: probe('/live', { timeoutSeconds: 20 }) });
  h.health['/live'] = { outcome: { success: true, message: '' }, afterMs: 15_000 };
  await h.at(45_000);
  assert.deepEqual(h.callsTo('/live'), [10_000, 25_000, 40_000]);
});

test('errored attempts are retried three times, reported, and thrown away', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready') });
  h.health['/ready'] = 'error';
  await h.at(500);
  assert.deepEqual(h.callsTo('/ready'), [500, 500, 500]);
  assert.deepEqual(h.results, []);
  assert.deepEqual(
    h.events.map((e) => e.message),
    ['Readiness probe errored and resulted in unknown state: port http not found'],
  );
  h.health['/ready'] = true;
  await h.at(10_500);
  assert.deepEqual(h.state(), { started: true, ready: true });
});

test('a success with a message is a ProbeWarning event and still a success', async () => {
  const h = await probeHarness({ readinessProbe: probe('/ready') });
  h.health['/ready'] = { outcome: { success: true, message: 'Probe terminated redirects, Response body: x' } };
  await h.at(500);
  assert.deepEqual(h.state(), { started: true, ready: true });
  assert.deepEqual(h.events, [
    {
      podUid: 'pod-1',
      container: 'app',
      kind: 'readiness',
      type: 'Warning',
      reason: 'ProbeWarning',
      message: 'Readiness probe warning: Probe terminated redirects, Response body: x',
    },
  ]);
});

test('removing a container or pod stops its workers and drops late results', async (t) => {
  for (const how of ['container', 'pod', 'manager'] as const) {
    await t.test(how, async () => {
      const h = await probeHarness({ readinessProbe: probe('/ready'), livenessProbe: probe('/live') });
      h.health['/ready'] = { outcome: { success: false, message: 'late' }, afterMs: 3_000 };
      await h.at(1_000);
      assert.deepEqual(h.callsTo('/ready'), [500], 'an attempt is in flight');
      if (how === 'container') h.manager.removeContainer('pod-1', 'app');
      else if (how === 'pod') h.manager.removePod('pod-1');
      else h.manager.stop();
      await h.at(60_000);
      assert.equal(h.state(), undefined);
      assert.equal(h.calls.length, 1);
      assert.deepEqual(h.results, []);
      assert.deepEqual(h.events, []);
    });
  }
});

test('a restarted container replaces the previous instance and its results', async () => {
  const container = { name: 'app', readinessProbe: probe('/ready') };
  const h = await probeHarness(container);
  await h.at(500);
  assert.deepEqual(h.state(), { started: true, ready: true });
  h.manager.addContainer('pod-1', 'app', container, target, new Date(h.clock.now()));
  assert.deepEqual(h.state(), { started: true, ready: false });
  await h.at(1_000);
  assert.deepEqual(h.state(), { started: true, ready: true });
  assert.deepEqual(h.callsTo('/ready'), [500, 1_000]);
});
