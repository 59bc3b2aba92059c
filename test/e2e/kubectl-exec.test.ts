/**
 * `kubectl exec` (1.27: SPDY v4; 1.30 and 1.33: WebSocket v5) with the stand-in node backend, which runs the
 * command on the host with KUBELING_POD / KUBELING_CONTAINER set: stdin, exit codes, stdout and stderr apart,
 * `-c`, `deploy/NAME`, and the errors the API server and kubelet give before the upgrade.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlVersions } from './harness.js';
import { podsGvr, type StreamingCluster, startStreamingCluster } from './streaming-fixtures.js';

let sc: StreamingCluster;
const ns = 'ex';

before(async () => {
  sc = await startStreamingCluster();
  for (const args of [
    ['create', 'namespace', ns],
    ['create', 'deployment', 'hello', '--image=gcr.io/google-samples/hello-app:1.0', '--replicas=2'],
    ['rollout', 'status', 'deployment/hello', '--timeout=60s'],
  ]) {
    const r = await sc.tc.kubectl('1.33', ['-n', ns, ...args]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  await sc.client.resource(podsGvr, ns).create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'two' },
    spec: {
      containers: [
        { name: 'app', image: 'busybox' },
        { name: 'sidecar', image: 'busybox' },
      ],
    },
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pod = (await sc.client.resource(podsGvr, ns).get('two')) as { status?: { phase?: string } };
    if (pod.status?.phase === 'Running') break;
    if (Date.now() > deadline) assert.fail('pod "two" did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
});

after(async () => {
  await sc?.stop();
});

for (const version of kubectlVersions) {
  describe(`kubectl ${version} exec`, () => {
    const k = (args: string[], stdin?: string) =>
      sc.tc.kubectl(version, ['-n', ns, ...args], { timeoutMs: 60_000, ...(stdin !== undefined ? { stdin } : {}) });

    it('-i passes stdin through and ends it at EOF', async () => {
      const input = 'line one\nline two\n'.repeat(1000);
      const r = await k(['exec', '-i', 'two', '-c', 'app', '--', 'cat'], input);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, input);
    });

    it('exit codes, stdout and stderr apart', async () => {
      const r = await k(['exec', 'two', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'out\n');
      assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
    });

    it('-c picks the container; without it kubectl defaults to the first and says so', async () => {
      const chosen = await k(['exec', 'two', '-c', 'sidecar', '--', 'sh', '-c', 'echo $KUBELING_CONTAINER']);
      assert.equal(chosen.stdout, 'sidecar\n', chosen.stderr);
      const defaulted = await k(['exec', 'two', '--', 'sh', '-c', 'echo $KUBELING_CONTAINER']);
      assert.equal(defaulted.stdout, 'app\n');
      assert.match(defaulted.stderr, /Defaulted container "app" out of: app, sidecar/);
    });

    it('deploy/NAME runs in one of its pods', async () => {
      const r = await k(['exec', 'deploy/hello', '--', 'sh', '-c', 'echo $KUBELING_POD']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^hello-[a-z0-9]+-[a-z0-9]+\n$/);
    });

    it('uses WebSocket from 1.30 on, SPDY before', async () => {
      const r = await k(['exec', 'two', '-c', 'app', '-v=6', '--', 'true']);
      assert.equal(r.code, 0, r.stderr);
      const ws = /GET[^\n]*\/exec\?[^\n]*101 Switching Protocols/;
      const spdy = /POST[^\n]*\/exec\?[^\n]*101 Switching Protocols/;
      assert.match(r.stderr, version === '1.27' ? spdy : ws);
    });

    it('errors: unknown container, unknown command, missing pod', async () => {
      const container = await k(['exec', 'two', '-c', 'nope', '--', 'true']);
      assert.equal(container.code, 1);
      assert.equal(container.stderr, 'Error from server (BadRequest): container nope is not valid for pod two\n');
      const command = await k(['exec', 'two', '-c', 'app', '--', 'no-such-command']);
      assert.equal(command.code, 1);
      assert.match(
        command.stderr,
        /Internal error occurred: error executing command in container: exec: "no-such-command"/,
      );
      const pod = await k(['exec', 'nope', '--', 'true']);
      assert.equal(pod.code, 1);
      assert.equal(pod.stderr, 'Error from server (NotFound): pods "nope" not found\n');
    });
  });
}
