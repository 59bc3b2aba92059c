/**
 * The API server's HTTP contract beyond what kubectl exercises: authentication, limits, malformed input, paging,
 * selectors, dry run, generateName, deletecollection and watch semantics.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from './harness.js';

let tc: TestCluster;

before(async () => {
  tc = await startTestCluster();
  await tc.api('POST', '/api/v1/namespaces', { metadata: { name: 'basics' } });
});

after(async () => {
  await tc?.stop();
});

function raw(path: string, opts: { cert?: boolean; token?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, tc.cluster.url), {
      ca: tc.pki.caCertPem,
      ...(opts.cert ? { cert: tc.pki.adminCertPem, key: tc.pki.adminKeyPem } : {}),
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('anonymous requests get 401 Status, except version and health', async () => {
  const denied = await raw('/api/v1/namespaces');
  assert.equal(denied.status, 401);
  assert.deepEqual(JSON.parse(denied.body), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  });
  assert.equal((await raw('/api/v1/namespaces', { token: 'wrong' })).status, 401);
  assert.equal((await raw('/readyz')).body, 'ok');
  const version = JSON.parse((await raw('/version')).body) as { major: string; minor: string; gitVersion: string };
  assert.equal(`${version.major}.${version.minor}`, '1.33');
  assert.match(version.gitVersion, /^v1\.33\.\d+/);
});

test('a client certificate signed by the cluster CA authenticates', async () => {
  const r = await raw('/api/v1/namespaces', { cert: true });
  assert.equal(r.status, 200);
  assert.equal((JSON.parse(r.body) as { kind: string }).kind, 'NamespaceList');
});

test('bad input gets a Status, never a crash', async () => {
  const malformed = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', '{"metadata": {', {
    'content-type': 'application/json',
  });
  assert.equal(malformed.status, 400);
  assert.equal((malformed.json as { kind: string }).kind, 'Status');
  const huge = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', {
    metadata: { name: 'huge' },
    data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) },
  });
  assert.equal(huge.status, 413);
  assert.equal((huge.json as { reason: string }).reason, 'RequestEntityTooLarge');
  const strict = await tc.api('POST', '/api/v1/namespaces/basics/configmaps?fieldValidation=Strict', {
    metadata: { name: 's' },
    dataa: {},
  });
  assert.equal(strict.status, 400);
  assert.match((strict.json as { message: string }).message, /strict decoding error: unknown field "dataa"/);
  const warned = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', { metadata: { name: 'w' }, dataa: {} });
  assert.equal(warned.status, 201);
  assert.match(warned.headers.get('warning') ?? '', /unknown field \\"dataa\\"/);
  assert.equal((warned.json as Record<string, unknown>).dataa, undefined, 'unknown fields are dropped');
  const invalid = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', { metadata: { name: 'Bad_Name' } });
  assert.equal(invalid.status, 422);
  const status = invalid.json as { reason: string; details: { kind: string; causes: { field: string }[] } };
  assert.equal(status.reason, 'Invalid');
  assert.equal(status.details.kind, 'ConfigMap');
  assert.equal(status.details.causes[0]?.field, 'metadata.name');
  const wrongNs = await tc.api('POST', '/api/v1/namespaces/nope/configmaps', { metadata: { name: 'x' } });
  assert.equal(wrongNs.status, 404);
  assert.equal((wrongNs.json as { message: string }).message, 'namespaces "nope" not found');
  const unknownPath = await tc.api('GET', '/apis/nope.example.com/v1/things');
  assert.equal(unknownPath.status, 404);
});

test('generateName, dry run, paging, selectors and deletecollection', async () => {
  const gen = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', { metadata: { generateName: 'gen-' } });
  assert.match((gen.json as { metadata: { name: string } }).metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const dry = await tc.api('POST', '/api/v1/namespaces/basics/configmaps?dryRun=All', { metadata: { name: 'dry' } });
  assert.equal(dry.status, 201);
  assert.equal((await tc.api('GET', '/api/v1/namespaces/basics/configmaps/dry')).status, 404);
  for (let i = 0; i < 7; i++) {
    await tc.api('POST', '/api/v1/namespaces/basics/configmaps', {
      metadata: { name: `page-${i}`, labels: { tier: i % 2 === 0 ? 'even' : 'odd', idx: String(i) } },
    });
  }
  const names: string[] = [];
  let cont = '';
  let pages = 0;
  do {
    const r = await tc.api(
      'GET',
      `/api/v1/namespaces/basics/configmaps?labelSelector=tier&limit=3${cont ? `&continue=${cont}` : ''}`,
    );
    const list = r.json as { items: { metadata: { name: string } }[]; metadata: { continue?: string } };
    names.push(...list.items.map((c) => c.metadata.name));
    cont = list.metadata.continue ?? '';
    pages++;
  } while (cont);
  assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
  assert.equal(pages, 3);
  const select = async (q: string) =>
    (
      (await tc.api('GET', `/api/v1/namespaces/basics/configmaps?${q}`)).json as {
        items: { metadata: { name: string } }[];
      }
    ).items.map((c) => c.metadata.name);
  assert.deepEqual(await select('labelSelector=tier%3Dodd'), ['page-1', 'page-3', 'page-5']);
  assert.deepEqual(await select('labelSelector=tier!%3Dodd,idx'), ['page-0', 'page-2', 'page-4', 'page-6']);
  assert.deepEqual(await select('labelSelector=idx%20in%20(1,2)'), ['page-1', 'page-2']);
  const genName = (gen.json as { metadata: { name: string } }).metadata.name;
  // notin also selects objects without the label, as in Kubernetes.
  assert.deepEqual(await select('labelSelector=idx%20notin%20(0,1,2,3,4,5)'), [genName, 'page-6', 'w']);
  assert.deepEqual(await select('labelSelector=!idx'), [genName, 'w']);
  assert.deepEqual(await select('fieldSelector=metadata.name%3Dpage-4'), ['page-4']);
  const badField = await tc.api('GET', '/api/v1/namespaces/basics/configmaps?fieldSelector=spec.foo%3Dx');
  assert.equal(badField.status, 400);
  const deleted = await tc.api('DELETE', '/api/v1/namespaces/basics/configmaps?labelSelector=tier%3Deven');
  assert.equal(deleted.status, 200);
  assert.deepEqual(await select('labelSelector=tier'), ['page-1', 'page-3', 'page-5']);
});

test('watch: replay from a resourceVersion and selector transitions', async () => {
  const created = await tc.api('POST', '/api/v1/namespaces/basics/configmaps', {
    metadata: { name: 'watched', labels: { w: 'yes' } },
  });
  const rv = (created.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  await tc.api(
    'PATCH',
    '/api/v1/namespaces/basics/configmaps/watched',
    { metadata: { labels: { w: 'no' } } },
    {
      'content-type': 'application/merge-patch+json',
    },
  );
  const events = await collectWatch(
    `/api/v1/namespaces/basics/configmaps?watch=true&labelSelector=w%3Dyes&resourceVersion=${Number(rv) - 1}`,
    2,
  );
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.object.metadata.name}`),
    ['ADDED watched', 'DELETED watched'],
  );
});

interface WatchLine {
  type: string;
  object: { metadata: { name: string }; code?: number };
}

function collectWatch(path: string, count: number): Promise<WatchLine[]> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, tc.cluster.url), {
      ca: tc.pki.caCertPem,
      headers: { authorization: `Bearer ${tc.pki.adminToken}` },
    });
    const out: WatchLine[] = [];
    let buf = '';
    const timer = setTimeout(() => {
      req.destroy();
      resolve(out);
    }, 3000);
    req.on('response', (res) => {
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          out.push(JSON.parse(buf.slice(0, nl)) as WatchLine);
          buf = buf.slice(nl + 1);
          nl = buf.indexOf('\n');
        }
        if (out.length >= count) {
          clearTimeout(timer);
          req.destroy();
          resolve(out);
        }
      });
    });
    req.on('error', (err) => {
      if (out.length >= count) return;
      reject(err);
    });
    req.end();
  });
}
