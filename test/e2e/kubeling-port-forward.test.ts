/**
 * `kubeling port-forward` keeps serving while the pods behind it change: svc/ through the service proxy on the
 * ClusterIP, deploy/ and pod/ through the API server to a ready pod chosen again once its pod is gone. Requests
 * run continuously (a new connection each) while three pods are deleted one after another; none may fail.
 * Deleted pods' servers linger a few seconds, as a terminating pod finishes its requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliCommand } from './cli-command.js';
import {
  type ForwardProcess,
  fetchOnce,
  podsGvr,
  type StreamingCluster,
  startForward,
  startStreamingCluster,
} from './streaming-fixtures.js';

let sc: StreamingCluster;
const ns = 'kpf';

before(async () => {
  sc = await startStreamingCluster();
  for (const args of [
    ['create', 'namespace', ns],
    ['create', 'deployment', 'hello', '--image=gcr.io/google-samples/hello-app:1.0', '--replicas=3', '--port=8080'],
    ['expose', 'deployment', 'hello', '--name=hello-service', '--port=80', '--target-port=8080'],
    ['rollout', 'status', 'deployment/hello', '--timeout=60s'],
  ]) {
    const r = await sc.tc.kubectl('1.33', ['-n', ns, ...args], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  await sc.pods.ready(3);
});

after(async () => {
  await sc?.stop();
});

function kubeling(args: string[]): Promise<ForwardProcess> {
  return startForward([...cliCommand(), 'port-forward', ...args, '-n', ns, '--kubeconfig', sc.tc.kubeconfig], {
    HOME: sc.tc.dir,
  });
}

async function livePods(): Promise<string[]> {
  const list = await sc.client.resource(podsGvr, ns).list({ labelSelector: 'app=hello' });
  return list.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name ?? '');
}

/** Requests on new connections, back to back, until stopped; collects who answered and what failed. */
function traffic(port: number) {
  const answered = new Map<string, number>();
  const failures: string[] = [];
  let running = true;
  let total = 0;
  const loop = (async () => {
    while (running) {
      try {
        const r = await fetchOnce(port);
        const who = r.body.toString().trim().replace('hello from ', '');
        if (r.status !== 200) failures.push(`status ${r.status}`);
        else answered.set(who, (answered.get(who) ?? 0) + 1);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
      total++;
    }
  })();
  return {
    answered,
    failures,
    async stop() {
      running = false;
      await loop;
      return total;
    },
  };
}

/** Deletes the three pods one after another, each once the previous one's replacement is served. */
async function deleteThreePods(): Promise<string[]> {
  const originals = await livePods();
  assert.equal(originals.length, 3);
  for (const victim of originals) {
    await sc.client.resource(podsGvr, ns).delete(victim);
    const deadline = Date.now() + 30_000;
    while ((await livePods()).includes(victim) || (await livePods()).length < 3 || sc.pods.servers.size < 3) {
      if (Date.now() > deadline) assert.fail('the replacement pod did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return originals;
}

describe('kubeling port-forward', () => {
  it('svc/NAME: zero failed requests while three pods are deleted; traffic is balanced', async () => {
    const pf = await kubeling(['svc/hello-service', ':80']);
    try {
      assert.match(pf.output(), /Forwarding from 127\.0\.0\.1:\d+ -> 80/);
      const t = traffic(pf.port);
      const deleted = await deleteThreePods();
      const total = await t.stop();
      assert.deepEqual(t.failures, [], `${t.failures.length} of ${total} failed`);
      assert.ok(total > 50, `only ${total} requests`);
      const answered = [...t.answered.keys()];
      assert.ok(answered.length >= 3, `balanced: answered by ${answered.join(', ')}`);
      assert.ok(
        answered.some((p) => !deleted.includes(p)),
        `replacements served: answered by ${answered.join(', ')}`,
      );
    } finally {
      await pf.stop();
    }
  });

  it('deploy/NAME: zero failed requests while three pods are deleted', async () => {
    const pf = await kubeling(['deploy/hello', ':8080']);
    try {
      const t = traffic(pf.port);
      const deleted = await deleteThreePods();
      const total = await t.stop();
      assert.deepEqual(t.failures, [], `${t.failures.length} of ${total} failed`);
      const answered = [...t.answered.keys()];
      assert.ok(
        answered.some((p) => !deleted.includes(p)),
        `moved to a replacement: answered by ${answered.join(', ')}`,
      );
      assert.match(pf.output(), /pod hello-[a-z0-9-]+ is gone: forwarding deploy\/hello to pod hello-/);
    } finally {
      await pf.stop();
    }
  });

  it('pod/NAME: once the pod is gone, its replacement serves', async () => {
    const [pod] = await livePods();
    assert.ok(pod);
    const pf = await kubeling([`pod/${pod}`, ':8080']);
    try {
      assert.equal((await fetchOnce(pf.port)).body.toString(), `hello from ${pod}\n`);
      await sc.client.resource(podsGvr, ns).delete(pod);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await fetchOnce(pf.port).catch(() => undefined);
        if (r && r.body.toString() !== `hello from ${pod}\n`) break;
        if (Date.now() > deadline) assert.fail(`still no other pod:\n${pf.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(pf.child.exitCode, null, 'still running');
    } finally {
      assert.equal(await pf.stop(), 0);
    }
  });

  it('errors: a missing Service, a port the Service does not have', async () => {
    await assert.rejects(kubeling(['svc/nope', '8080:80']), /error: services "nope" not found/);
    await assert.rejects(
      kubeling(['svc/hello-service', '8080:81']),
      /error: Service hello-service does not have a service port 81/,
    );
  });
});
