/**
 * @kubernetes/client-node's Exec (WebSocket, v5 with the stdin close signal) and PortForward (the kubelet's
 * native WebSocket protocol) against the streaming endpoints, unchanged.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { Exec, KubeConfig, PortForward, type V1Status } from '@kubernetes/client-node';
import { podsGvr, type StreamingCluster, startStreamingCluster } from './streaming-fixtures.js';

let sc: StreamingCluster;
let kc: KubeConfig;
const ns = 'default';

before(async () => {
  sc = await startStreamingCluster();
  kc = new KubeConfig();
  kc.loadFromFile(sc.tc.kubeconfig);
  await sc.client.resource(podsGvr, ns).create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'cn' },
    spec: { containers: [{ name: 'app', image: 'busybox' }] },
  });
  await sc.pods.ready(1);
});

after(async () => {
  await sc?.stop();
});

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return () => text;
}

test('Exec: stdin to its end, stdout and stderr apart, the exit code in the status', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const status = new Promise<V1Status>((resolve) => {
    void new Exec(kc).exec(
      ns,
      'cn',
      'app',
      ['sh', '-c', 'cat; echo oops >&2; exit 5'],
      stdout,
      stderr,
      stdin,
      false,
      resolve,
    );
  });
  stdin.end('from client-node\n');
  const s = await status;
  assert.equal(s.status, 'Failure');
  assert.equal(s.reason, 'NonZeroExitCode');
  assert.deepEqual(s.details?.causes, [{ reason: 'ExitCode', message: '5' }]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(out(), 'from client-node\n');
  assert.equal(err(), 'oops\n');
});

test('PortForward: one connection to the pod port over the native WebSocket protocol', async () => {
  const output = new PassThrough();
  const errors = new PassThrough();
  const input = new PassThrough();
  const out = collect(output);
  const err = collect(errors);
  const ws = await new PortForward(kc).portForward(ns, 'cn', [8080], output, errors, input);
  input.write('GET / HTTP/1.0\r\nHost: pod\r\n\r\n');
  const deadline = Date.now() + 10_000;
  while (!out().includes('hello from cn') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.match(out(), /^HTTP\/1\.1 200 OK[\s\S]*hello from cn\n$/);
  assert.equal(err(), '');
  if (typeof ws !== 'function') ws.close();
});
