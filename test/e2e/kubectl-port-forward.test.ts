/**
 * `kubectl port-forward` (1.27 and 1.30: SPDY/3.1 upgrade; 1.33: SPDY tunnelled in WebSocket) against pods served
 * on their pod IPs: many connections, a 50 MB transfer each way, svc/ and deploy/ targets, a refused port, and
 * the seed's story: deleting the selected pod ends kubectl's forward with exit code 1 and "lost connection to pod".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlPath, kubectlVersions } from './harness.js';
import {
  bulk,
  fetchOnce,
  manyRequests,
  podsGvr,
  type StreamingCluster,
  sha256,
  startForward,
  startStreamingCluster,
} from './streaming-fixtures.js';

let sc: StreamingCluster;
const ns = 'pf';
const mb50 = 50 * 1024 * 1024;

before(async () => {
  sc = await startStreamingCluster();
  const k = (args: string[]) => sc.tc.kubectl('1.33', ['-n', ns, ...args], { timeoutMs: 60_000 });
  for (const args of [
    ['create', 'namespace', ns],
    ['create', 'deployment', 'hello', '--image=gcr.io/google-samples/hello-app:1.0', '--replicas=3', '--port=8080'],
    ['expose', 'deployment', 'hello', '--name=hello-service', '--port=80', '--target-port=8080'],
    ['rollout', 'status', 'deployment/hello', '--timeout=60s'],
  ]) {
    const r = await k(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  await sc.pods.ready(3);
});

after(async () => {
  await sc?.stop();
});

function forward(version: string, target: string, ports: string, verbose = false) {
  const args = ['--kubeconfig', sc.tc.kubeconfig, '--cache-dir', `${sc.tc.dir}/pf-cache-${version}`, '-n', ns];
  return startForward(
    [kubectlPath(version as '1.33'), ...args, 'port-forward', target, ports, ...(verbose ? ['-v=6'] : [])],
    {
      HOME: sc.tc.dir,
    },
  );
}

async function helloPods(): Promise<string[]> {
  const list = await sc.client.resource(podsGvr, ns).list({ labelSelector: 'app=hello' });
  return list.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name ?? '');
}

for (const version of kubectlVersions) {
  describe(`kubectl ${version} port-forward`, () => {
    it('pod/NAME: 200 requests over 200 connections, 20 at a time', async () => {
      const [pod] = await helloPods();
      const pf = await forward(version, `pod/${pod}`, ':8080');
      try {
        assert.deepEqual(await manyRequests(pf.port, 200, 20), []);
        assert.match(pf.output(), /Handling connection for \d+/);
      } finally {
        await pf.stop();
      }
    });

    it('a 50 MB download and a 50 MB upload arrive intact', async () => {
      const [pod] = await helloPods();
      const pf = await forward(version, `pod/${pod}`, ':8080');
      try {
        const down = await fetchOnce(pf.port, `/bulk?bytes=${mb50}`);
        assert.equal(down.body.length, mb50);
        assert.equal(sha256(down.body), sha256(bulk(mb50)));
        const payload = bulk(mb50 + 7);
        const up = await fetchOnce(pf.port, '/hash', payload);
        assert.equal(up.body.toString(), `${payload.length} ${sha256(payload)}`);
      } finally {
        await pf.stop();
      }
    });

    it('svc/NAME and deploy/NAME forward to one of their pods (service port 80 → targetPort 8080)', async () => {
      const svc = await forward(version, 'svc/hello-service', ':80');
      const deploy = await forward(version, 'deploy/hello', ':8080');
      try {
        assert.match(svc.output(), /Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
        assert.deepEqual(await manyRequests(svc.port, 200, 20), []);
        assert.deepEqual(await manyRequests(deploy.port, 50, 10), []);
      } finally {
        await svc.stop();
        await deploy.stop();
      }
    });

    it('a port nothing listens on: kubectl prints the node’s refusal and the session ends', async () => {
      const [pod] = await helloPods();
      const pf = await forward(version, `pod/${pod}`, ':9999');
      await assert.rejects(fetchOnce(pf.port));
      const code = await Promise.race([pf.exited, new Promise<number>((r) => setTimeout(() => r(-2), 10_000))]);
      if (code === -2) await pf.stop();
      assert.equal(code, 1, pf.output());
      assert.match(
        pf.output(),
        /an error occurred forwarding \d+ -> 9999: error forwarding port 9999 to pod [^,]+, uid [^:]+: dial tcp [\d.]+:9999: connect: connection refused/,
      );
      assert.match(pf.output(), /error: lost connection to pod/);
    });

    it('deleting the selected pod ends the forward: exit code 1, "lost connection to pod"', async () => {
      const [pod] = await helloPods();
      assert.ok(pod);
      const pf = await forward(version, `pod/${pod}`, ':8080', true);
      const tunnel = /verb="GET" url="[^"]*\/portforward" status="101 Switching Protocols"/;
      const spdy = /POST [^\n]*\/portforward 101 Switching Protocols/;
      assert.match(pf.output(), version === '1.33' ? tunnel : spdy, 'the transport kubectl uses by default');
      assert.equal((await fetchOnce(pf.port)).status, 200);
      await sc.client.resource(podsGvr, ns).delete(pod);
      const code = await Promise.race([pf.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
      if (code === -2) await pf.stop();
      assert.equal(code, 1, pf.output());
      assert.match(pf.output(), /error: lost connection to pod/);
      const r = await sc.tc.kubectl('1.33', ['-n', ns, 'rollout', 'status', 'deployment/hello', '--timeout=60s']);
      assert.equal(r.code, 0, r.stderr);
      await sc.pods.ready(3);
    });
  });
}
