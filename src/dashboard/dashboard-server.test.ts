/**
 * The dashboard server against a real API server in process: the token on every request, the live feed
 * (snapshot, then changes), details, and the actions with their kubectl commands.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { type TestApi, testApi } from '../client/api-test-helpers.js';
import { dashboardResources } from './cluster-mirror.js';
import { type RunningDashboard, startDashboard } from './dashboard-server.js';
import type { GeneratorStatus, IngressRates, ServiceRates, TrafficSource } from './traffic.js';

let api: TestApi;
let dashboard: RunningDashboard;
let base: URL;
let token: string;

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(new URL(path, base), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const authed = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const json = { 'content-type': 'application/json' };

/** Reads server-sent events from the live feed until `done` says enough. */
function readStream(
  namespace: string,
  done: (events: { event: string; data: unknown }[]) => boolean,
): Promise<{ event: string; data: unknown }[]> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const req = request(new URL(`/api/stream?namespace=${namespace}`, base), { headers: authed() }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
        if (done(events)) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (err) => (events.length ? undefined : reject(err)));
    req.end();
  });
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'hello' }] } },
    },
  };
}

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'hello' } },
  spec: { containers: [{ name: 'c', image: 'hello' }] },
});

before(async () => {
  api = await testApi();
  await api.client.resource(dashboardResources.namespaces).create({ metadata: { name: 'dev' } });
  await api.client.resource(dashboardResources.pods, 'dev').create(pod('one'));
  await api.client.resource(dashboardResources.pods, 'default').create(pod('elsewhere'));
  await api.client.resource(dashboardResources.deployments, 'dev').create(deployment('hello', 1));
  dashboard = await startDashboard({ client: api.client, port: 0, token: 'secret-token' });
  base = new URL(dashboard.url);
  token = base.searchParams.get('token') ?? '';
});

after(async () => {
  await dashboard?.stop();
});

describe('dashboard server', () => {
  it('prints a URL with its token and answers 401 without it', async () => {
    assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=secret-token$/);
    for (const path of ['/', '/app/app.js', '/vendor/preact.mjs', '/api/stream?namespace=dev', '/nothing']) {
      assert.equal((await call('GET', path)).status, 401, path);
      assert.equal((await call('GET', path, { authorization: 'Bearer wrong' })).status, 401, path);
    }
  });

  it('turns the token in the URL into a cookie that serves the app and its libraries', async () => {
    const page = await call('GET', `/?token=${token}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /importmap/);
    const cookie = String(page.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    assert.match(page.headers['set-cookie']?.[0] ?? '', /HttpOnly; SameSite=Strict/);
    for (const [path, type] of [
      ['/app/app.js', /javascript/],
      ['/app/styles.css', /css/],
      ['/vendor/preact.mjs', /javascript/],
      ['/vendor/preact-hooks.mjs', /javascript/],
      ['/vendor/htm.mjs', /javascript/],
    ] as const) {
      const r = await call('GET', path, { cookie });
      assert.equal(r.status, 200, path);
      assert.match(String(r.headers['content-type']), type, path);
    }
    assert.equal((await call('GET', '/app/../dashboard-server.ts', { cookie })).status, 404);
  });

  it('refuses other Host names and writes that are not JSON from its own origin', async () => {
    assert.equal((await call('GET', '/', { ...authed(), host: 'evil.example:80' })).status, 403);
    const action = { action: 'restart', namespace: 'dev', name: 'hello' };
    assert.equal((await call('POST', '/api/actions', authed({ 'content-type': 'text/plain' }), action)).status, 403);
    assert.equal(
      (await call('POST', '/api/actions', authed({ ...json, origin: 'http://evil.example' }), action)).status,
      403,
    );
  });

  it('streams a snapshot of the namespace, then its changes', async () => {
    let created: Promise<unknown> | undefined;
    const events = await readStream('dev', (events) => {
      if (!created && events.some((e) => e.event === 'snapshot')) {
        created = api.client.resource(dashboardResources.pods, 'dev').create(pod('two'));
      }
      return events.some((e) => e.event === 'changes');
    });
    await created;
    const snapshot = events.find((e) => e.event === 'snapshot')?.data as {
      namespace: string;
      objects: Record<string, KubeObject[]>;
    };
    assert.equal(snapshot.namespace, 'dev');
    assert.deepEqual(
      snapshot.objects.pods?.map((p) => p.metadata.name),
      ['one'],
      'only the namespace’s pods',
    );
    assert.ok(
      snapshot.objects.namespaces?.some((n) => n.metadata.name === 'default'),
      'every namespace',
    );
    assert.equal(snapshot.objects.pods?.[0]?.metadata.managedFields, undefined, 'no managedFields');
    assert.ok(events.some((e) => e.event === 'traffic'));
    const changes = events.find((e) => e.event === 'changes')?.data as { type: string; object: KubeObject }[];
    assert.ok(changes.some((c) => c.type === 'ADDED' && c.object.metadata.name === 'two'));
  });

  it('suggests the namespace with the most pods when none is asked for', async () => {
    const events = await readStream('', (e) => e.some((x) => x.event === 'snapshot'));
    assert.equal((events[0]?.data as { namespace?: string } | undefined)?.namespace, 'dev');
  });

  it('shows an object as YAML without managedFields, and says why logs are missing', async () => {
    const r = await call('GET', '/api/object?resource=pods&namespace=dev&name=one', authed());
    const body = JSON.parse(r.text) as { yaml: string; kubectl: string };
    assert.match(body.yaml, /^apiVersion: v1\nkind: Pod\n/);
    assert.doesNotMatch(body.yaml, /managedFields/);
    assert.equal(body.kubectl, 'kubectl get pod one -n dev -o yaml');
    const logs = JSON.parse((await call('GET', '/api/logs?namespace=dev&name=one', authed())).text);
    assert.equal(logs.kubectl, 'kubectl logs one -n dev --tail=50');
    if (!logs.available) assert.match(logs.message, /did not return logs/);
    assert.equal((await call('GET', '/api/object?resource=secrets&namespace=dev&name=x', authed())).status, 400);
  });

  it('does each action through the API and answers with its kubectl command', async () => {
    const deployments = api.client.resource<KubeObject & { spec: { replicas: number; template: KubeObject } }>(
      dashboardResources.deployments,
      'dev',
    );
    const cases = [
      {
        body: { action: 'scale', namespace: 'dev', name: 'hello', replicas: 4 },
        kubectl: 'kubectl scale deployment/hello --replicas=4 -n dev',
        check: async () => assert.equal((await deployments.get('hello')).spec.replicas, 4),
      },
      {
        body: { action: 'restart', namespace: 'dev', name: 'hello' },
        kubectl: 'kubectl rollout restart deployment/hello -n dev',
        check: async () => {
          const annotations = (await deployments.get('hello')).spec.template.metadata.annotations ?? {};
          assert.match(annotations['kubectl.kubernetes.io/restartedAt'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        },
      },
      {
        body: { action: 'delete-pod', namespace: 'dev', name: 'one' },
        kubectl: 'kubectl delete pod one -n dev',
        check: async () => {
          const left = await api.client.resource(dashboardResources.pods, 'dev').list();
          assert.ok(!left.items.some((p) => p.metadata.name === 'one' && !p.metadata.deletionTimestamp));
        },
      },
    ];
    for (const c of cases) {
      const r = await call('POST', '/api/actions', authed(json), c.body);
      assert.equal(r.status, 200, r.text);
      assert.equal(JSON.parse(r.text).kubectl, c.kubectl);
      await c.check();
    }
    const missing = await call('POST', '/api/actions', authed(json), {
      action: 'delete-pod',
      namespace: 'dev',
      name: 'nope',
    });
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.text).kind, 'Status');
    const bad = await call('POST', '/api/actions', authed(json), {
      action: 'scale',
      namespace: 'dev',
      name: 'hello',
      replicas: -1,
    });
    assert.equal(bad.status, 400);
  });

  it('without a traffic source, counts the generator’s own requests per pod, or says traffic is unavailable', async () => {
    type Service = KubeObject & {
      spec: { clusterIP?: string; selector: Record<string, string>; ports: { port: number }[] };
    };
    const services = api.client.resource<Service>(dashboardResources.services, 'dev');
    const service = (name: string, port: number) =>
      services.create({ metadata: { name }, spec: { selector: { app: 'hello' }, ports: [{ port }] } });
    const web = await service('web', 18080);
    await service('dead', 18081);
    const pods = api.client.resource(dashboardResources.pods, 'dev');
    await pods.create(pod('p1'));
    await pods.patch('p1', 'merge', { status: { podIP: '10.1.0.5' } }, { subresource: 'status' });
    const backend = createServer((_req, res) => res.end('Hello, world!\nHostname: p1\n'));
    await new Promise<void>((resolve) => backend.listen(18080, web.spec.clusterIP ?? '', resolve));
    type Traffic = { source: string; services: Record<string, ServiceRates>; generator: GeneratorStatus };
    const traffic = (events: { event: string; data: unknown }[]) =>
      events.filter((e) => e.event === 'traffic').map((e) => e.data as Traffic);
    try {
      const start = (service: string) =>
        call('POST', '/api/traffic', authed(json), { command: 'start', namespace: 'dev', service });
      assert.equal((await start('web')).status, 200);
      const counted = await readStream('dev', (events) =>
        traffic(events).some((t) => (t.services['dev/web']?.endpoints['10.1.0.5']?.total ?? 0) > 0),
      );
      const last = traffic(counted).at(-1);
      assert.equal(last?.source, 'generator');
      assert.equal(last?.services['dev/web']?.endpoints['10.1.0.5']?.podName, 'p1');
      assert.equal(last?.generator.address, `${web.spec.clusterIP}:18080`);
      assert.equal((await start('dead')).status, 200);
      const refused = await readStream('dev', (events) => traffic(events).some((t) => !t.generator.available));
      assert.match(traffic(refused).at(-1)?.generator.message ?? '', /nothing answers at 127\.96\.\d+\.\d+:18081/);
      assert.equal((await start('nope')).status, 404);
    } finally {
      await call('POST', '/api/traffic', authed(json), { command: 'stop' });
      await new Promise((resolve) => backend.close(resolve));
    }
  });

  it('shows the rates of an injected traffic source, per pod and per Ingress backend', async () => {
    let n = 0;
    const traffic: TrafficSource = () => {
      n += 3;
      const perEndpoint = [{ podName: 'p1', ip: '10.1.0.5', requests: n, connections: 1 }];
      return {
        services: [{ namespace: 'dev', name: 'web', perEndpoint }],
        ingresses: [{ namespace: 'dev', name: 'web', perEndpoint: perEndpoint.map((e) => ({ ...e, service: 'web' })) }],
      };
    };
    const other = await startDashboard({ client: api.client, port: 0, token, traffic });
    const saved = base;
    base = new URL(other.url);
    try {
      type Traffic = {
        source: string;
        services: Record<string, ServiceRates>;
        ingresses: Record<string, IngressRates>;
      };
      const events = await readStream('dev', (events) =>
        events.some((e) => e.event === 'traffic' && ((e.data as Traffic).services['dev/web']?.rate ?? 0) > 0),
      );
      const last = events.filter((e) => e.event === 'traffic').at(-1)?.data as Traffic;
      assert.equal(last.source, 'cluster');
      const rate = last.services['dev/web']?.endpoints['10.1.0.5']?.rate ?? 0;
      assert.ok(rate > 1 && rate < 10, `about 3 requests per second, got ${rate}`);
      assert.equal(last.ingresses['dev/web']?.services.web?.rate, rate);
    } finally {
      base = saved;
      await other.stop();
    }
  });
});
