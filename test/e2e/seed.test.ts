/**
 * The seed scenario (../shared/seed/level-3-services.md) on a real cluster with the real kubectl 1.33: pods run
 * as processes with their own IPs, the Service's ClusterIP spreads new connections over them, a deleted pod leaves
 * the Service with zero failed requests, logs work, and the classic tutorial flows run.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repo } from './cli-command.js';
import { startTestCluster, type TestCluster } from './harness.js';

let tc: TestCluster;

before(async () => {
  tc = await startTestCluster({ name: 'seed' });
});

after(async () => {
  await tc?.stop();
});

const k = (args: string[]) => tc.kubectl('1.33', args, { timeoutMs: 120_000 });

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function get(host: string, port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

interface PodInfo {
  name: string;
  ip: string;
}

async function readyPods(selector: string, ns: string): Promise<PodInfo[]> {
  const out = ok(
    await k([
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      selector,
      '-o',
      'jsonpath={range .items[*]}{.metadata.name} {.status.podIP} {.metadata.deletionTimestamp} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
    ]),
    'get pods',
  );
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3 && f[2] === 'True')
    .map(([name, ip]) => ({ name: name ?? '', ip: ip ?? '' }));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the seed scenario', () => {
  let pods: PodInfo[] = [];
  let clusterIP = '';

  it('runs three hello-app processes with three distinct pod IPs, each answering with its own hostname', async () => {
    ok(await k(['apply', '-f', join(repo, 'examples/level-3-services')]), 'apply');
    ok(await k(['-n', 'dev', 'rollout', 'status', 'deployment/hello', '--timeout=90s']), 'rollout status');
    pods = await until('3 ready pods', async () => {
      const p = await readyPods('app=hello', 'dev');
      return p.length === 3 ? p : undefined;
    });
    assert.equal(new Set(pods.map((p) => p.ip)).size, 3);
    for (const p of pods) {
      assert.match(p.ip, /^127\.244\.\d+\.\d+$/);
      const r = await get(p.ip, 8080);
      assert.equal(r.status, 200);
      assert.equal(r.body, `Hello, world!\nVersion: 1.0.0\nHostname: ${p.name}\n`);
    }
    const wide = ok(await k(['-n', 'dev', 'get', 'pods', '-o', 'wide']), 'get -o wide');
    for (const p of pods)
      assert.match(
        wide,
        new RegExp(`^${p.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${p.ip.replaceAll('.', '\\.')}\\s+seed\\s`, 'm'),
      );
  });

  it('spreads 300 new connections through the stable ClusterIP evenly over the pods', async () => {
    clusterIP = ok(await k(['-n', 'dev', 'get', 'svc', 'hello-service', '-o', 'jsonpath={.spec.clusterIP}']), 'svc');
    assert.match(clusterIP, /^127\.96\.\d+\.\d+$/);
    const per = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const r = await get(clusterIP, 80);
      const host = /Hostname: (\S+)/.exec(r.body)?.[1] ?? '?';
      per.set(host, (per.get(host) ?? 0) + 1);
    }
    assert.deepEqual([...per.keys()].sort(), pods.map((p) => p.name).sort());
    for (const n of per.values()) assert.ok(n >= 80 && n <= 120, `uneven: ${[...per.values()].join('/')}`);
  });

  it('a deleted pod leaves the Service, the ClusterIP stays, traffic switches with zero failed requests', async () => {
    let failed = 0;
    let sent = 0;
    let stop = false;
    const client = (async () => {
      while (!stop) {
        sent++;
        try {
          const r = await get(clusterIP, 80);
          if (r.status !== 200) failed++;
        } catch {
          failed++;
        }
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const victim = (await readyPods('app=hello', 'dev'))[0];
        assert.ok(victim);
        ok(await k(['-n', 'dev', 'delete', 'pod', victim.name, '--wait=false']), 'delete pod');
        await until('the replacement', async () => {
          const now = await readyPods('app=hello', 'dev');
          return now.length === 3 && !now.some((p) => p.name === victim.name) ? now : undefined;
        });
      }
    } finally {
      stop = true;
      await client;
    }
    assert.ok(sent > 50, `sent ${sent}`);
    assert.equal(failed, 0, `${failed} of ${sent} requests failed`);
    assert.equal(
      ok(await k(['-n', 'dev', 'get', 'svc', 'hello-service', '-o', 'jsonpath={.spec.clusterIP}']), 'svc'),
      clusterIP,
    );
    const slice = ok(
      await k([
        '-n',
        'dev',
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=hello-service',
        '-o',
        'jsonpath={.items[*].endpoints[*].addresses[0]}',
      ]),
      'slices',
    );
    const now = await readyPods('app=hello', 'dev');
    assert.deepEqual(slice.split(' ').filter(Boolean).sort(), now.map((p) => p.ip).sort());
  });

  it('the Ingress reaches every pod and keeps serving while pods are deleted', async () => {
    const url = new URL(tc.cluster.ingressUrl() ?? assert.fail('no ingress'));
    const port = Number(url.port);
    const ingress = ok(await k(['-n', 'dev', 'get', 'ingress', 'hello']), 'get ingress');
    assert.match(ingress, /^hello\s+kubeling\s+\*\s+127\.0\.0\.1\s+/m);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(/Hostname: (\S+)/.exec((await get(url.hostname, port)).body)?.[1] ?? '?');
    assert.deepEqual([...seen].sort(), (await readyPods('app=hello', 'dev')).map((p) => p.name).sort());
    let failed = 0;
    let sent = 0;
    let stop = false;
    const client = (async () => {
      while (!stop) {
        sent++;
        const r = await get(url.hostname, port).catch(() => undefined);
        if (r?.status !== 200) failed++;
      }
    })();
    try {
      for (let i = 0; i < 2; i++) {
        const victim = (await readyPods('app=hello', 'dev'))[0];
        assert.ok(victim);
        ok(await k(['-n', 'dev', 'delete', 'pod', victim.name, '--wait=false']), 'delete pod');
        await until('the replacement', async () => {
          const now = await readyPods('app=hello', 'dev');
          return now.length === 3 && !now.some((p) => p.name === victim.name) ? now : undefined;
        });
      }
    } finally {
      stop = true;
      await client;
    }
    assert.equal(failed, 0, `${failed} of ${sent} requests through the ingress failed`);
  });

  it('kubectl exec runs commands in the pod environment', async () => {
    const env = ok(await k(['-n', 'dev', 'exec', 'deploy/hello', '--', 'env']), 'exec env');
    assert.match(env, /^POD_IP=127\.244\.\d+\.\d+$/m);
    assert.match(env, /^HOSTNAME=hello-/m);
    assert.match(env, /^HELLO_SERVICE_SERVICE_HOST=127\.96\.\d+\.\d+$/m);
    const failed = await k(['-n', 'dev', 'exec', 'deploy/hello', '--', 'sh', '-c', 'exit 3']);
    assert.equal(failed.code, 3);
  });

  it('kubectl run -i --rm attaches stdin and output, then deletes the pod', async () => {
    const r = await tc.kubectl(
      '1.33',
      ['run', 'tmp', '-i', '--rm', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'read x; echo got $x'],
      { stdin: 'hello\n', timeoutMs: 60_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^got hello$/m);
    assert.match(r.stdout, /pod "tmp" deleted/);
  });

  it('kubectl logs shows the container output', async () => {
    const out = ok(await k(['-n', 'dev', 'logs', 'deploy/hello']), 'logs');
    assert.match(out, /Server listening on port 8080/);
  });

  it('runs the agnhost tutorial deployment', async () => {
    ok(
      await k([
        'create',
        'deployment',
        'hello-node',
        '--image=registry.k8s.io/e2e-test-images/agnhost:2.53',
        '--',
        '/agnhost',
        'netexec',
        '--http-port=8080',
      ]),
      'create deployment',
    );
    ok(await k(['rollout', 'status', 'deployment/hello-node', '--timeout=90s']), 'rollout');
    const [pod] = await until('agnhost pod', async () => {
      const p = await readyPods('app=hello-node', 'default');
      return p.length === 1 ? p : undefined;
    });
    assert.ok(pod);
    // No readiness probe: Ready as soon as the process starts, as in Kubernetes, so wait until it listens.
    const hostname = await until('agnhost to listen', () => get(pod.ip, 8080, '/hostname').catch(() => undefined));
    assert.equal(hostname.body, pod.name);
    assert.equal((await get(pod.ip, 8080, '/echo?msg=hi')).body, 'hi');
  });
});
