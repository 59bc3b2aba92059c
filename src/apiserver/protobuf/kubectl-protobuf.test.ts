import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ResourceInfo, resources } from '../../api/registry.js';
import { type Harness, hasKubectl, runKubectl, startKubectlHarness } from '../openapi/testdata/kubectl-harness.js';
import { decodeProtobufBody } from './index.js';

/**
 * The real kubectl 1.32 and 1.33 send `create <generator>` bodies as protobuf, 1.31 as JSON: for the same command, the
 * decoded protobuf must equal the JSON (apart from `creationTimestamp: null`, which Go writes for a zero time).
 */
const deployments = resources.find((r) => r.resource === 'deployments');
assert.ok(deployments);
const job: ResourceInfo = {
  ...deployments,
  group: 'batch',
  kind: 'Job',
  listKind: 'JobList',
  resource: 'jobs',
  singular: 'job',
  shortNames: [],
  categories: [],
  subresources: [],
  protoMessage: 'k8s.io.api.batch.v1.Job',
};

const commands: string[][] = [
  ['create', 'namespace', 'team-a'],
  ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=8080'],
  ['create', 'deployment', 'idle', '--image=nginx', '--replicas=0'],
  ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:https'],
  ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'],
  ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two words'],
  ['create', 'secret', 'generic', 'creds', '--from-literal=user=admin', '--from-literal=pw=s3cr3t'],
  ['create', 'ingress', 'ing', '--rule=foo.com/bar*=web:8080', '--rule=tls.example.com/=web:https,tls=cert'],
  ['create', 'job', 'once', '--image=busybox', '--', 'sleep', '10'],
];

function withoutNullTimestamps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNullTimestamps);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => !(k === 'creationTimestamp' && x === null))
        .map(([k, x]) => [k, withoutNullTimestamps(x)]),
    );
  }
  return v;
}

async function postedBody(h: Harness, minor: number, args: string[]): Promise<{ type: string; body: Buffer }> {
  const from = h.requests.length;
  const r = await runKubectl(minor, h.url, args);
  assert.equal(r.code, 0, r.stderr);
  const post = h.requests.slice(from).find((q) => q.method === 'POST');
  assert.ok(post, `kubectl 1.${minor} ${args.join(' ')} sent no POST`);
  return { type: String(post.headers['content-type']), body: post.body };
}

for (const minor of [32, 33]) {
  const skip = !hasKubectl(31) || !hasKubectl(minor) ? `kubectl 1.31 and 1.${minor} are not installed` : false;

  describe(`protobuf bodies of the real kubectl 1.${minor}`, { skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startKubectlHarness({ extraResources: [job] });
    });
    after(() => h.close());

    for (const args of commands) {
      it(args.join(' '), async () => {
        const pb = await postedBody(h, minor, args);
        assert.equal(pb.type, 'application/vnd.kubernetes.protobuf');
        const json = await postedBody(h, 31, args);
        assert.match(json.type, /^application\/json/);
        const decoded = decodeProtobufBody(pb.body);
        assert.deepEqual(decoded.object, withoutNullTimestamps(JSON.parse(json.body.toString('utf8'))));
      });
    }
  });
}
