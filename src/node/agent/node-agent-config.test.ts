/**
 * The node agent's container configuration and observability with real processes: environment (service links,
 * downward API, ConfigMaps), volumes, init containers, CreateContainerConfigError, logs through the kubelet
 * endpoint (with --previous), probes, and a node reboot.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { LogOptions } from '../node-types.js';
import {
  type AgentCluster,
  eventually,
  isReady,
  type PodObject,
  podEvents,
  pods,
  shellPod,
  startAgentCluster,
} from './agent-test-helpers.js';

let cluster: AgentCluster;

before(async () => {
  cluster = await startAgentCluster();
});
after(async () => {
  await cluster?.stop();
});

const ns = 'default';
const podsClient = () => pods(cluster.client, ns);

async function podWhen(name: string, what: string, cond: (p: PodObject) => boolean, timeoutMs = 15_000) {
  return eventually(
    `${name}: ${what}`,
    async () => {
      const p = await podsClient().get(name);
      return cond(p) ? p : undefined;
    },
    timeoutMs,
  );
}

async function logs(name: string, options: Partial<LogOptions> = {}): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => {
    text += c.toString();
  });
  await cluster.agent.endpoints.logs(ns, name, { container: '', ...options }, out, new AbortController().signal);
  return text;
}

describe('node agent configuration', () => {
  it('gives containers POD_IP, HOSTNAME, declared env with $(VAR), downward API, ConfigMaps and service links', async () => {
    await cluster.client.resource({ group: '', version: 'v1', resource: 'services' }, ns).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-svc' },
      spec: { ports: [{ name: 'http', port: 80 }] },
    });
    await cluster.client.resource({ group: '', version: 'v1', resource: 'configmaps' }, ns).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { MODE: 'fast', 'file.txt': 'from a volume' },
    });
    const pod = shellPod('envy', 'env | sort; cat /config/file.txt; echo; echo "cwd=$(pwd)"; sleep 60');
    const c = pod.spec!.containers[0]!;
    c.env = [
      { name: 'GREETING', value: 'hello' },
      { name: 'MESSAGE', value: '$(GREETING) from $(MY_POD_NAME)' },
      { name: 'MY_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'LATE', value: '$(MY_POD_NAME)' },
      { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'MODE_FROM_CM', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
    ];
    c.volumeMounts = [{ name: 'config', mountPath: '/config' }];
    c.workingDir = '/config';
    pod.spec!.volumes = [{ name: 'config', configMap: { name: 'settings' } }];
    await podsClient().create(pod);
    const running = await podWhen('envy', 'running', (p) => p.status?.phase === 'Running');
    const ip = running.status?.podIP ?? '';
    const text = await eventually('env in the log', async () => {
      const t = await logs('envy');
      return t.includes('cwd=') ? t : undefined;
    });
    const env = new Map(
      text
        .split('\n')
        .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]),
    );
    assert.equal(env.get('POD_IP'), ip);
    assert.equal(env.get('HOSTNAME'), 'envy');
    assert.equal(env.get('MY_IP'), ip);
    assert.equal(env.get('MESSAGE'), 'hello from $(MY_POD_NAME)');
    assert.equal(env.get('LATE'), 'envy');
    assert.equal(env.get('MODE_FROM_CM'), 'fast');
    assert.match(env.get('MY_SVC_SERVICE_HOST') ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(env.get('MY_SVC_SERVICE_PORT'), '80');
    assert.equal(env.get('MY_SVC_SERVICE_PORT_HTTP'), '80');
    assert.equal(env.get('MY_SVC_PORT'), `tcp://${env.get('MY_SVC_SERVICE_HOST')}:80`);
    assert.equal(env.get('MY_SVC_PORT_80_TCP_PROTO'), 'tcp');
    assert.ok(env.get('KUBELING_MOUNTS')?.includes('"/config"'));
    assert.match(text, /from a volume/);
    assert.match(text, /cwd=.*kubernetes\.io~configmap\/config/);
    await podsClient().delete('envy', { gracePeriodSeconds: 0 });
  });

  it('waits in CreateContainerConfigError for a missing ConfigMap, then starts once it exists', async () => {
    const pod = shellPod('needs-config', 'echo "$VALUE"; sleep 60');
    pod.spec!.containers[0]!.env = [{ name: 'VALUE', valueFrom: { configMapKeyRef: { name: 'late', key: 'v' } } }];
    await podsClient().create(pod);
    const p = await podWhen(
      'needs-config',
      'CreateContainerConfigError',
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError',
    );
    assert.equal(p.status?.containerStatuses?.[0]?.state?.waiting?.message, 'configmap "late" not found');
    const events = await podEvents(cluster.client, ns, 'needs-config');
    assert.ok(events.includes('Failed: Error: configmap "late" not found'), events.join('\n'));
    await cluster.client
      .resource({ group: '', version: 'v1', resource: 'configmaps' }, ns)
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' }, data: { v: 'arrived' } });
    await podWhen('needs-config', 'running', (p) => p.status?.phase === 'Running', 15_000);
    assert.equal((await eventually('log', async () => (await logs('needs-config')) || undefined)).trim(), 'arrived');
    await podsClient().delete('needs-config', { gracePeriodSeconds: 0 });
  });

  it('runs init containers in order, to completion, before the containers', async () => {
    const pod = shellPod('inits', 'sleep 60');
    pod.spec!.initContainers = [
      { name: 'first', image: 'busybox', command: ['sh', '-c', 'echo one > /work/trace'] },
      { name: 'second', image: 'busybox', command: ['sh', '-c', 'echo two >> /work/trace; sleep 0.3'] },
    ];
    pod.spec!.volumes = [{ name: 'work', emptyDir: {} }];
    for (const c of [...pod.spec!.initContainers, ...pod.spec!.containers])
      c.volumeMounts = [{ name: 'work', mountPath: '/work' }];
    pod.spec!.containers[0]!.command = ['sh', '-c', 'cat /work/trace; sleep 60'];
    await podsClient().create(pod);
    const sawInitializing = await podWhen(
      'inits',
      'initializing',
      (p) => p.status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'False') ?? false,
    );
    assert.equal(sawInitializing.status?.phase, 'Pending');
    const p = await podWhen('inits', 'ready', isReady);
    const inits = p.status?.initContainerStatuses ?? [];
    assert.deepEqual(
      inits.map((s) => [s.name, s.state?.terminated?.reason, s.ready]),
      [
        ['first', 'Completed', true],
        ['second', 'Completed', true],
      ],
    );
    assert.equal(p.status?.conditions?.find((c) => c.type === 'Initialized')?.status, 'True');
    assert.equal((await eventually('log', async () => (await logs('inits')) || undefined)).trim(), 'one\ntwo');
    assert.equal((await logs('inits', { container: 'first' })).trim(), '');
    await podsClient().delete('inits', { gracePeriodSeconds: 0 });
  });

  it('restarts a container whose liveness probe fails, and serves --previous logs', async () => {
    const pod = shellPod('unhealthy', 'echo "run at $(date +%s%N)"; sleep 60');
    pod.spec!.containers[0]!.livenessProbe = {
      exec: { command: ['sh', '-c', 'exit 1'] },
      periodSeconds: 1,
      failureThreshold: 1,
    };
    pod.spec!.terminationGracePeriodSeconds = 1;
    await podsClient().create(pod);
    const p = await podWhen(
      'unhealthy',
      'restarted',
      (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1,
      20_000,
    );
    const last = p.status?.containerStatuses?.[0]?.lastState?.terminated;
    assert.ok(last, 'a last termination');
    assert.equal(last?.exitCode, 143);
    const events = await podEvents(cluster.client, ns, 'unhealthy');
    assert.ok(events.includes('Killing: Container c failed liveness probe, will be restarted'), events.join('\n'));
    assert.ok(
      events.some((e) => e.startsWith('Unhealthy: Liveness probe failed')),
      events.join('\n'),
    );
    const previous = await logs('unhealthy', { previous: true });
    assert.match(previous, /^run at \d+\n$/);
    await podsClient().delete('unhealthy', { gracePeriodSeconds: 0 });
  });

  it('rejects logs of a container that is not there with the kubelet wording', async () => {
    await podsClient().create(shellPod('quiet', 'sleep 60'));
    await podWhen('quiet', 'running', (p) => p.status?.phase === 'Running');
    await assert.rejects(
      logs('quiet', { previous: true }),
      /previous terminated container "c" in pod "quiet" not found/,
    );
    await assert.rejects(logs('quiet', { container: 'nope' }), /container nope is not valid for pod quiet/);
    await assert.rejects(logs('missing-pod'), /pods "missing-pod" not found/);
    await podsClient().delete('quiet', { gracePeriodSeconds: 0 });
  });

  it('restarts its pods after a node reboot, counting a restart and an Unknown termination', async () => {
    await podsClient().create(shellPod('survivor', 'echo up; sleep 60'));
    const before = await podWhen('survivor', 'running', (p) => p.status?.phase === 'Running');
    const ip = before.status?.podIP;
    await cluster.stopNode();
    await cluster.startNode();
    const after = await podWhen(
      'survivor',
      'restarted',
      (p) =>
        p.status?.containerStatuses?.[0]?.restartCount === 1 &&
        p.status.containerStatuses[0].state?.running !== undefined,
    );
    const cs = after.status?.containerStatuses?.[0];
    assert.equal(cs?.lastState?.terminated?.reason, 'Unknown');
    assert.equal(cs?.lastState?.terminated?.exitCode, 255);
    assert.equal(after.status?.podIP, ip);
    assert.equal(after.metadata.uid, before.metadata.uid);
    const events = await podEvents(cluster.client, ns, 'survivor');
    assert.ok(
      events.includes('SandboxChanged: Pod sandbox changed, it will be killed and re-created.'),
      events.join('\n'),
    );
    assert.equal((await logs('survivor', { previous: true })).trim(), 'up');
    await podsClient().delete('survivor', { gracePeriodSeconds: 0 });
  });

  it('runs postStart before the container counts as started, and restarts it when postStart fails', async () => {
    const pod = shellPod('hooked', 'while [ ! -f /w/post ]; do sleep 0.05; done; echo saw-post; sleep 60');
    const c = pod.spec!.containers[0]!;
    c.volumeMounts = [{ name: 'w', mountPath: '/w' }];
    c.lifecycle = { postStart: { exec: { command: ['sh', '-c', 'sleep 0.3; echo done > /w/post'] } } };
    pod.spec!.volumes = [{ name: 'w', emptyDir: {} }];
    await podsClient().create(pod);
    await podWhen('hooked', 'ready', isReady);
    assert.equal((await eventually('log', async () => (await logs('hooked')) || undefined)).trim(), 'saw-post');

    const failing = shellPod('hook-fails', 'sleep 60');
    failing.spec!.containers[0]!.lifecycle = { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } };
    failing.spec!.terminationGracePeriodSeconds = 1;
    await podsClient().create(failing);
    await podWhen('hook-fails', 'restarted', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    const events = await podEvents(cluster.client, ns, 'hook-fails');
    assert.ok(events.includes('FailedPostStartHook: PostStartHook failed'), events.join('\n'));
    await podsClient().delete('hooked', { gracePeriodSeconds: 0 });
    await podsClient().delete('hook-fails', { gracePeriodSeconds: 0 });
  });

  it('follows the readiness probe: not ready with the reason, then ready', async () => {
    const pod = shellPod('warming', 'sleep 1.5; touch /w/ready; sleep 60');
    const c = pod.spec!.containers[0]!;
    c.volumeMounts = [{ name: 'w', mountPath: '/w' }];
    c.readinessProbe = { exec: { command: ['cat', '/w/ready'] }, periodSeconds: 1 };
    pod.spec!.volumes = [{ name: 'w', emptyDir: {} }];
    await podsClient().create(pod);
    const notReady = await podWhen('warming', 'running, not ready', (p) => p.status?.phase === 'Running');
    const ready = notReady.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(ready?.status, 'False');
    assert.equal(ready?.reason, 'ContainersNotReady');
    assert.equal(ready?.message, 'containers with unready status: [c]');
    assert.equal(notReady.status?.containerStatuses?.[0]?.started, true);
    await podWhen('warming', 'ready', isReady, 10_000);
    await podsClient().delete('warming', { gracePeriodSeconds: 0 });
  });
});
