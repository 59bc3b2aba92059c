/**
 * The node agent with real processes: an in-process API server, the controllers and scheduler, and the agent
 * running built-in images through the process runtime.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object.js';
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

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function applyExample(file: string): Promise<void> {
  const text = readFileSync(new URL(`../../../examples/level-3-services/${file}`, import.meta.url), 'utf8');
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as KubeObject;
    const [group, version] = (obj.apiVersion ?? 'v1').includes('/')
      ? (obj.apiVersion ?? '').split('/')
      : ['', obj.apiVersion];
    const resource = `${(obj.kind ?? '').toLowerCase()}s`;
    await cluster.client
      .resource({ group: group ?? '', version: version ?? 'v1', resource }, obj.metadata.namespace ?? '')
      .create(obj);
  }
}

describe('node agent', () => {
  it("runs the seed's Deployment: three processes, three pod IPs, each answering with its hostname", async () => {
    await applyExample('00-namespace.yaml');
    await applyExample('10-deployment.yaml');
    const ready = await eventually(
      '3 ready hello pods',
      async () => {
        const list = await pods(cluster.client, 'dev').list({ labelSelector: 'app=hello' });
        const r = list.items.filter(isReady);
        return r.length === 3 ? r : undefined;
      },
      20_000,
    );
    const ips = ready.map((p: PodObject) => p.status?.podIP ?? '');
    assert.equal(new Set(ips).size, 3, `distinct IPs: ${ips}`);
    for (const p of ready) {
      assert.match(p.status?.podIP ?? '', /^127\.244\.\d+\.\d+$/);
      assert.equal(p.status?.hostIP, '127.0.0.1');
      assert.equal(p.status?.phase, 'Running');
      const cs = p.status?.containerStatuses?.[0];
      assert.equal(cs?.ready, true);
      assert.equal(cs?.started, true);
      assert.match(cs?.containerID ?? '', /^kubeling:\/\/[0-9a-f]{64}$/);
      assert.equal(cs?.image, 'gcr.io/google-samples/hello-app:1.0');
      const res = await get(`http://${p.status?.podIP}:8080/`);
      assert.equal(res.status, 200);
      assert.match(res.body, /^Hello, world!\nVersion: 1\.0\.0\nHostname: (.*)\n$/);
      assert.equal(/Hostname: (.*)/.exec(res.body)?.[1], p.metadata.name);
    }
  });

  it('deletion drains, runs preStop, then SIGTERM, then SIGKILL once the grace period is over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeling-order-'));
    try {
      const pod = shellPod(
        'stopper',
        "trap 'echo term >> /out/order' TERM; echo started >> /out/order; while true; do sleep 0.1; done",
        {
          terminationGracePeriodSeconds: 3,
          volumes: [{ name: 'out', hostPath: { path: dir } }],
        },
      );
      const c = pod.spec!.containers[0]!;
      c.volumeMounts = [{ name: 'out', mountPath: '/out' }];
      c.lifecycle = { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /out/order; sleep 0.5'] } } };
      await pods(cluster.client, 'default').create(pod);
      await eventually('stopper running', async () => readFileSync(join(dir, 'order'), 'utf8').includes('started'));
      const t0 = Date.now();
      await pods(cluster.client, 'default').delete('stopper');
      await eventually(
        'stopper gone',
        async () => {
          try {
            await pods(cluster.client, 'default').get('stopper');
            return false;
          } catch {
            return true;
          }
        },
        15_000,
      );
      const elapsed = Date.now() - t0;
      assert.deepEqual(readFileSync(join(dir, 'order'), 'utf8').trim().split('\n'), ['started', 'prestop', 'term']);
      // preStop (0.5 s) and SIGTERM within the 3 s grace period, SIGKILL at its end.
      assert.ok(elapsed >= 2900 && elapsed < 6000, `deleted after ${elapsed} ms`);
      const events = await podEvents(cluster.client, 'default', 'stopper');
      assert.ok(events.includes('Killing: Stopping container c'), events.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('force deletion kills at once', async () => {
    await pods(cluster.client, 'default').create(shellPod('forced', "trap '' TERM; while true; do sleep 0.1; done"));
    const running = await eventually('forced running', async () => {
      const p = await pods(cluster.client, 'default').get('forced');
      return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    });
    const before = cluster.runtime.running().length;
    await pods(cluster.client, 'default').delete('forced', { gracePeriodSeconds: 0 });
    await eventually('forced process gone', async () => cluster.runtime.running().length === before - 1, 2000);
    assert.ok(running);
  });

  async function podWhen(name: string, what: string, cond: (p: PodObject) => boolean, timeoutMs = 15_000) {
    return eventually(
      `${name}: ${what}`,
      async () => {
        const p = await pods(cluster.client, 'default').get(name);
        return cond(p) ? p : undefined;
      },
      timeoutMs,
    );
  }

  const policies: { policy: string; script: string; phase: string; exitCode: number; reason: string }[] = [
    { policy: 'Never', script: 'exit 3', phase: 'Failed', exitCode: 3, reason: 'Error' },
    { policy: 'Never', script: 'exit 0', phase: 'Succeeded', exitCode: 0, reason: 'Completed' },
    { policy: 'OnFailure', script: 'exit 0', phase: 'Succeeded', exitCode: 0, reason: 'Completed' },
  ];
  for (const [i, c] of policies.entries()) {
    it(`restartPolicy ${c.policy} with \`${c.script}\` ends ${c.phase}`, async () => {
      const name = `policy-${i}`;
      await pods(cluster.client, 'default').create(shellPod(name, c.script, { restartPolicy: c.policy }));
      const p = await podWhen(name, c.phase, (p) => p.status?.phase === c.phase);
      const cs = p.status?.containerStatuses?.[0];
      assert.equal(cs?.state?.terminated?.exitCode, c.exitCode);
      assert.equal(cs?.state?.terminated?.reason, c.reason);
      assert.equal(cs?.restartCount, 0);
      assert.equal(cs?.ready, false);
      const ready = p.status?.conditions?.find((x) => x.type === 'Ready');
      assert.equal(ready?.reason, c.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed');
      assert.equal(p.status?.conditions?.find((x) => x.type === 'PodReadyToStartContainers')?.status, 'False');
    });
  }

  it('OnFailure restarts a failing container until it succeeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeling-onfailure-'));
    try {
      // Fails twice, then succeeds.
      const pod = shellPod('onfailure', 'echo run >> /state/runs; [ $(wc -l < /state/runs) -ge 3 ]', {
        restartPolicy: 'OnFailure',
        volumes: [{ name: 'state', hostPath: { path: dir } }],
      });
      pod.spec!.containers[0]!.volumeMounts = [{ name: 'state', mountPath: '/state' }];
      await pods(cluster.client, 'default').create(pod);
      const p = await podWhen('onfailure', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
      const cs = p.status?.containerStatuses?.[0];
      assert.equal(cs?.restartCount, 2);
      assert.equal(cs?.lastState?.terminated?.exitCode, 1);
      assert.equal(cs?.state?.terminated?.reason, 'Completed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('crash loops with a doubling backoff (300 ms → 1.2 s here) and reports CrashLoopBackOff', async () => {
    await pods(cluster.client, 'default').create(shellPod('crasher', 'echo crashing; exit 1'));
    const seen = new Map<number, number>();
    let waiting: { reason?: string; message?: string } | undefined;
    const uid = (await pods(cluster.client, 'default').get('crasher')).metadata.uid;
    await eventually(
      'five restarts',
      async () => {
        const p = await pods(cluster.client, 'default').get('crasher');
        const cs = p.status?.containerStatuses?.[0];
        const t = cs?.lastState?.terminated?.finishedAt;
        if (cs && !seen.has(cs.restartCount ?? 0)) seen.set(cs.restartCount ?? 0, Date.now());
        if (cs?.state?.waiting?.reason === 'CrashLoopBackOff') waiting = cs.state.waiting;
        return (cs?.restartCount ?? 0) >= 5 && t !== undefined;
      },
      20_000,
    );
    assert.equal(waiting?.reason, 'CrashLoopBackOff');
    assert.match(
      waiting?.message ?? '',
      new RegExp(`^back-off \\d+(\\.\\d+)?m?s restarting failed container=c pod=crasher_default\\(${uid}\\)$`),
    );
    // Restart n waits about 0, 300, 600, 1200, 1200 ms after the previous run ended.
    const gap = (a: number, b: number) => (seen.get(b) ?? 0) - (seen.get(a) ?? 0);
    assert.ok(gap(1, 2) >= 200 && gap(1, 2) < 900, `restart 2 after ${gap(1, 2)} ms`);
    assert.ok(gap(2, 3) >= 500 && gap(2, 3) < 1400, `restart 3 after ${gap(2, 3)} ms`);
    assert.ok(gap(3, 4) >= 1000 && gap(3, 4) < 2200, `restart 4 after ${gap(3, 4)} ms`);
    assert.ok(gap(4, 5) >= 1000 && gap(4, 5) < 2200, `restart 5 after ${gap(4, 5)} ms`);
    const events = await podEvents(cluster.client, 'default', 'crasher');
    assert.ok(
      events.includes(`BackOff: Back-off restarting failed container c in pod crasher_default(${uid})`),
      events.join('\n'),
    );
    await pods(cluster.client, 'default').delete('crasher', { gracePeriodSeconds: 0 });
  });

  it('an unknown image gives ErrImagePull, then ImagePullBackOff', async () => {
    const pod = shellPod('noimage', 'true');
    pod.spec!.containers[0]!.image = 'example.com/nothing/here:1.0';
    await pods(cluster.client, 'default').create(pod);
    const reasons = new Set<string>();
    const p = await eventually('ImagePullBackOff after ErrImagePull', async () => {
      const p = await pods(cluster.client, 'default').get('noimage');
      const reason = p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (reason) reasons.add(reason);
      return reasons.has('ErrImagePull') && reason === 'ImagePullBackOff' ? p : undefined;
    });
    assert.equal(p.status?.phase, 'Pending');
    const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
    assert.match(waiting?.message ?? '', /^Back-off pulling image "example.com\/nothing\/here:1.0": ErrImagePull: /);
    assert.match(waiting?.message ?? '', /kubeling image add/);
    const events = await podEvents(cluster.client, 'default', 'noimage');
    assert.ok(events.includes('Failed: Error: ErrImagePull'), events.join('\n'));
    assert.ok(events.includes('Failed: Error: ImagePullBackOff'), events.join('\n'));
    assert.ok(events.includes('BackOff: Back-off pulling image "example.com/nothing/here:1.0"'), events.join('\n'));
    assert.ok(events.some((e) => e.startsWith('Failed: Failed to pull image "example.com/nothing/here:1.0"')));
    await pods(cluster.client, 'default').delete('noimage');
  });

  it('reports OOMKilled when a container exceeds its memory limit', async () => {
    const grow = 'const a = []; setInterval(() => a.push(Buffer.alloc(16 << 20, 1)), 20);';
    const pod = shellPod('hog', `exec node -e '${grow}'`, { restartPolicy: 'Never' });
    pod.spec!.containers[0]!.resources = { limits: { memory: '128Mi' } };
    await pods(cluster.client, 'default').create(pod);
    const p = await podWhen('hog', 'Failed', (p) => p.status?.phase === 'Failed', 20_000);
    const t = p.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(t?.reason, 'OOMKilled');
    assert.equal(t?.exitCode, 137);
    assert.equal(p.status?.qosClass, 'Burstable');
  });

  it('restarts a container whose image changed', async () => {
    await pods(cluster.client, 'default').create(shellPod('retag', 'sleep 60'));
    await podWhen('retag', 'running', (p) => p.status?.containerStatuses?.[0]?.state?.running !== undefined);
    await pods(cluster.client, 'default').patch('retag', 'strategic', {
      spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    const p = await podWhen(
      'retag',
      'restarted with the new image',
      (p) =>
        p.status?.containerStatuses?.[0]?.restartCount === 1 &&
        p.status.containerStatuses[0].state?.running !== undefined,
    );
    assert.equal(p.status?.containerStatuses?.[0]?.image, 'docker.io/library/busybox:1.36');
    const events = await podEvents(cluster.client, 'default', 'retag');
    assert.ok(events.includes('Killing: Container c definition changed, will be restarted'), events.join('\n'));
    await pods(cluster.client, 'default').delete('retag', { gracePeriodSeconds: 0 });
  });

  it('confirms the deletion of a completed pod at once', async () => {
    await pods(cluster.client, 'default').create(shellPod('done', 'true', { restartPolicy: 'Never' }));
    await podWhen('done', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
    await pods(cluster.client, 'default').delete('done');
    await eventually('done gone', async () => {
      try {
        await pods(cluster.client, 'default').get('done');
        return false;
      } catch {
        return true;
      }
    });
  });
});
