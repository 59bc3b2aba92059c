/**
 * The real kubectl (1.27, 1.30, 1.33) against a kubeling API server: every command of the control-plane issue,
 * in its own namespace per version.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type KubectlVersion, kubectlPath, kubectlVersions, startTestCluster, type TestCluster } from './harness.js';

let tc: TestCluster;

before(async () => {
  tc = await startTestCluster();
});

after(async () => {
  await tc?.stop();
});

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function file(name: string, text: string): string {
  const p = join(tc.dir, name);
  writeFileSync(p, text);
  return p;
}

for (const v of kubectlVersions) {
  const ns = `kv${v.replace('.', '-')}`;
  const k = (args: string[], opts?: Parameters<TestCluster['kubectl']>[2]) => tc.kubectl(v, ['-n', ns, ...args], opts);

  describe(`kubectl ${v}`, () => {
    before(async () => {
      ok(await tc.kubectl(v, ['create', 'namespace', ns]), 'create namespace');
    });

    it('reports the server version and lists API resources with short names', async () => {
      const version = ok(await tc.kubectl(v, ['version', '-o', 'json']), 'version');
      assert.equal((JSON.parse(version) as { serverVersion: { minor: string } }).serverVersion.minor, '33');
      const resources = ok(await tc.kubectl(v, ['api-resources']), 'api-resources');
      assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
      assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      assert.match(resources, /^endpointslices\s+discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/m);
    });

    it('creates a deployment and exposes it; get prints server-side tables', async () => {
      assert.match(
        ok(
          await k([
            'create',
            'deployment',
            'hello',
            '--image=gcr.io/google-samples/hello-app:1.0',
            '--replicas=3',
            '--port=8080',
          ]),
          'create deployment',
        ),
        /deployment.apps\/hello created/,
      );
      assert.match(
        ok(
          await k(['expose', 'deployment', 'hello', '--port=80', '--target-port=8080', '--name=hello-service']),
          'expose',
        ),
        /service\/hello-service exposed/,
      );
      const deploy = ok(await k(['get', 'deploy']), 'get deploy');
      assert.match(deploy, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
      assert.match(deploy, /^hello\s+\d\/3\s+\d\s+\d\s+\d+s$/m);
      const wide = ok(await k(['get', 'deploy', '-o', 'wide']), 'get deploy -o wide');
      assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR/);
      assert.match(wide, /hello-app\s+gcr\.io\/google-samples\/hello-app:1\.0\s+app=hello/);
      const svc = ok(await k(['get', 'svc', 'hello-service']), 'get svc');
      assert.match(svc, /^hello-service\s+ClusterIP\s+127\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
      const json = JSON.parse(ok(await k(['get', 'svc', 'hello-service', '-o', 'json']), 'get -o json')) as {
        spec: { clusterIP: string; selector: Record<string, string>; ports: { targetPort: number }[] };
      };
      assert.deepEqual(json.spec.selector, { app: 'hello' });
      assert.equal(json.spec.ports[0]?.targetPort, 8080);
      const ip = ok(await k(['get', 'svc', 'hello-service', '-o', 'jsonpath={.spec.clusterIP}']), 'jsonpath');
      assert.equal(ip, json.spec.clusterIP);
      const yaml = ok(await k(['get', 'deploy', 'hello', '-o', 'yaml']), 'get -o yaml');
      assert.match(
        yaml,
        /strategy:\n\s+rollingUpdate:\n\s+maxSurge: 25%\n\s+maxUnavailable: 25%\n\s+type: RollingUpdate/,
      );
      assert.match(yaml, /revisionHistoryLimit: 10/);
      assert.match(yaml, /progressDeadlineSeconds: 600/);
    });

    it('applies twice (strategic merge) and server-side', async () => {
      const manifest = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports: [{containerPort: 80}]
      - name: sidecar
        image: busybox
`;
      const f1 = file(`web-${v}-1.yaml`, manifest('nginx:1.25', 2));
      assert.match(ok(await k(['apply', '-f', f1]), 'apply 1'), /deployment.apps\/web created/);
      assert.match(ok(await k(['apply', '-f', f1]), 'apply again'), /deployment.apps\/web unchanged/);
      const f2 = file(`web-${v}-2.yaml`, manifest('nginx:1.26', 3));
      assert.match(ok(await k(['apply', '-f', f2]), 'apply 2'), /deployment.apps\/web configured/);
      const images = ok(
        await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[*].image}']),
        'get',
      );
      assert.equal(images, '3 nginx:1.26 busybox');
      const ssa = file(
        `ssa-${v}.yaml`,
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
data:
  a: "1"
`,
      );
      assert.match(
        ok(await k(['apply', '--server-side', '-f', ssa]), 'apply --server-side'),
        /configmap\/ssa serverside-applied/,
      );
      const managed = ok(
        await k([
          'get',
          'cm',
          'ssa',
          '-o',
          'jsonpath={.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}',
          '--show-managed-fields',
        ]),
        'managed',
      );
      assert.equal(managed, 'kubectl Apply');
    });

    it('labels, annotates and patches with all three patch types', async () => {
      ok(await k(['create', 'configmap', 'cfg', '--from-literal=a=1']), 'create configmap');
      ok(await k(['label', 'cm', 'cfg', 'tier=web']), 'label');
      ok(await k(['annotate', 'cm', 'cfg', 'note=hi']), 'annotate');
      ok(await k(['patch', 'cm', 'cfg', '-p', '{"data":{"b":"2"}}']), 'strategic patch');
      ok(await k(['patch', 'cm', 'cfg', '--type=merge', '-p', '{"data":{"c":"3"}}']), 'merge patch');
      ok(await k(['patch', 'cm', 'cfg', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']), 'json patch');
      const out = JSON.parse(ok(await k(['get', 'cm', 'cfg', '-o', 'json']), 'get')) as {
        data: Record<string, string>;
        metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      };
      assert.deepEqual(out.data, { b: '2', c: '3' });
      assert.equal(out.metadata.labels.tier, 'web');
      assert.equal(out.metadata.annotations.note, 'hi');
      const shown = ok(await k(['get', 'cm', '--show-labels']), 'show-labels');
      assert.match(shown, /^cfg\s+2\s+\d+s\s+tier=web$/m);
    });

    it('edits through $EDITOR', async () => {
      const editor = file(`editor-${v}.sh`, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
      chmodSync(editor, 0o755);
      assert.match(
        ok(await k(['edit', 'deploy', 'hello'], { env: { EDITOR: editor } }), 'edit'),
        /deployment.apps\/hello edited/,
      );
      assert.equal(ok(await k(['get', 'deploy', 'hello', '-o', 'jsonpath={.spec.replicas}']), 'get'), '4');
      const generation = ok(await k(['get', 'deploy', 'hello', '-o', 'jsonpath={.metadata.generation}']), 'generation');
      assert.equal(generation, '2');
    });

    it('describes a deployment and a service', async () => {
      const d = ok(await k(['describe', 'deploy', 'hello']), 'describe deploy');
      assert.match(d, /^Name:\s+hello$/m);
      assert.match(d, /^StrategyType:\s+RollingUpdate$/m);
      assert.match(d, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
      const all = ok(await k(['get', 'all']), 'get all');
      assert.match(all, /^service\/hello-service\s+ClusterIP/m);
      assert.match(all, /^deployment\.apps\/hello\s+\d\/4/m);
      const s = ok(await k(['describe', 'svc', 'hello-service']), 'describe svc');
      assert.match(s, /^Selector:\s+app=hello$/m);
      assert.match(s, /^TargetPort:\s+8080\/TCP$/m);
    });

    it('explains types from the OpenAPI documents', async () => {
      const out = ok(await k(['explain', 'pod.spec']), 'explain');
      assert.match(out, /containers/);
      assert.match(out, /List of containers belonging to the pod/);
    });

    it('watches with get -w', async () => {
      const child = spawn(
        kubectlPath(v as KubectlVersion),
        ['--kubeconfig', tc.kubeconfig, '--cache-dir', join(tc.dir, `cache-${v}`), '-n', ns, 'get', 'cm', '-w'],
        {
          env: { PATH: process.env.PATH ?? '', HOME: tc.dir },
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      try {
        await waitFor(
          () => /^cfg\s/m.test(out),
          15_000,
          () => `initial rows: ${out}`,
        );
        ok(await k(['create', 'configmap', 'watched', '--from-literal=x=y']), 'create');
        await waitFor(
          () => /^watched\s+1\s/m.test(out),
          15_000,
          () => `watch output: ${out}`,
        );
        const headers = out.match(/^NAME\s+DATA\s+AGE$/gm) ?? [];
        assert.equal(headers.length, 1, out);
      } finally {
        child.kill('SIGTERM');
      }
    });

    it('rejects invalid manifests with the messages kubectl users know', async () => {
      const bad = file(
        `bad-${v}.yaml`,
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  selector: {matchLabels: {app: one}}
  template:
    metadata: {labels: {app: two}}
    spec:
      containers: [{name: c, image: nginx}]
`,
      );
      const r = await k(['create', '-f', bad]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map\[string\]string\{"app":"two"\}: `selector` does not match template `labels`/,
      );
      const badName = file(`badname-${v}.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: BadName\n');
      const r2 = await k(['create', '-f', badName]);
      assert.match(
        r2.stderr,
        /The ConfigMap "BadName" is invalid: metadata.name: Invalid value: "BadName": a lowercase RFC 1123 subdomain must consist of/,
      );
      const unknown = file(
        `unknown-${v}.yaml`,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\ndatta:\n  a: b\n',
      );
      const r3 = await k(['create', '-f', unknown]);
      assert.equal(r3.code, 1, r3.stdout);
      assert.match(r3.stderr, /unknown field "datta"/);
    });

    it('reports a 409 conflict on a stale replace', async () => {
      const current = ok(await k(['get', 'cm', 'cfg', '-o', 'yaml']), 'get');
      ok(await k(['label', 'cm', 'cfg', 'bump=1']), 'label');
      const stale = file(`stale-${v}.yaml`, current);
      const r = await k(['replace', '-f', stale]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /Error from server \(Conflict\): error when replacing ".*": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again/,
      );
      const exists = await k(['create', 'configmap', 'cfg']);
      assert.match(exists.stderr, /error: failed to create configmap: configmaps "cfg" already exists/);
    });

    it('deletes and waits', async () => {
      assert.match(ok(await k(['delete', 'cm', 'watched', '--wait']), 'delete'), /configmap "watched" deleted/);
      const r = await k(['get', 'cm', 'watched']);
      assert.match(r.stderr, /NotFound.*configmaps "watched" not found/);
      ok(await k(['delete', 'deploy', 'web']), 'delete deploy');
    });
  });
}

async function waitFor(cond: () => boolean, timeoutMs: number, describeState: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${describeState()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
