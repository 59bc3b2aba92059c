import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import {
  addPod,
  eventually,
  get,
  type IngressTestCluster,
  ingress,
  type PodServer,
  service,
  startIngressTestCluster,
  startPodServer,
} from './ingress-test-helpers.js';
import { selfSignedCert, type TestCert, tlsSecret } from './tls-test-helpers.js';

const gvrServices = { group: '', version: 'v1', resource: 'services' };
const gvrSecrets = { group: '', version: 'v1', resource: 'secrets' };
const gvrIngresses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
const ns = 'dev';

/** The CN of the certificate the HTTPS port presents for an SNI name (none: no SNI). */
function presentedCert(port: number, servername?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, rejectUnauthorized: false, ...(servername ? { servername } : {}) },
      () => {
        const der = socket.getPeerX509Certificate();
        socket.end();
        resolve(der ? new X509Certificate(der.raw).subject : '');
      },
    );
    socket.on('error', reject);
  });
}

function httpsGet(port: number, host: string, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, servername: host, headers: { host }, ca, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('ingress TLS with SNI', () => {
  let cluster: IngressTestCluster;
  let pod: PodServer;
  let aCert: TestCert;
  let wildCert: TestCert;
  let port: number;

  before(async () => {
    cluster = await startIngressTestCluster({ httpsPort: 0 });
    port = cluster.httpsPort ?? 0;
    const { client } = cluster;
    aCert = await selfSignedCert(['a.example']);
    wildCert = await selfSignedCert(['*.w.example']);
    await client.resource(gvrSecrets, ns).create(tlsSecret(ns, 'a-tls', aCert));
    await client.resource(gvrSecrets, ns).create(tlsSecret(ns, 'wild-tls', wildCert));
    pod = await startPodServer('web-1', '127.244.232.2');
    await client.resource(gvrServices, ns).create(service(ns, 'web', { app: 'web' }));
    await addPod(client, ns, 'web-1', { app: 'web' }, '127.244.232.2');
    const backend = { service: { name: 'web', port: { number: 80 } } };
    const paths = [{ path: '/', pathType: 'Prefix', backend }];
    await client.resource(gvrIngresses, ns).create(
      ingress(ns, 'secure', {
        tls: [
          { hosts: ['a.example'], secretName: 'a-tls' },
          { hosts: ['*.w.example'], secretName: 'wild-tls' },
        ],
        rules: [
          { host: 'a.example', http: { paths } },
          { host: '*.w.example', http: { paths } },
        ],
      }),
    );
    await eventually(
      'HTTPS route ready',
      async () => (await httpsGet(port, 'a.example', '/', aCert.certPem)).status === 200,
    );
  });

  after(async () => {
    await cluster.stop();
    await pod.close();
  });

  it('serves the host certificate, verified by the client, and tells the pod the scheme', async () => {
    const r = await httpsGet(port, 'a.example', '/headers', aCert.certPem);
    assert.equal(r.status, 200);
    const { headers } = JSON.parse(r.body) as { headers: Record<string, string> };
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-forwarded-port'], String(port));
  });

  it('chooses certificates by SNI: exact, wildcard, default for unknown names and no SNI', async () => {
    assert.equal(await presentedCert(port, 'a.example'), 'CN=a.example');
    assert.equal(await presentedCert(port, 'x.w.example'), 'CN=*.w.example');
    const r = await httpsGet(port, 'x.w.example', '/', wildCert.certPem);
    assert.equal(r.status, 200);
    assert.equal(await presentedCert(port, 'unknown.example'), 'CN=a.example');
    assert.equal(await presentedCert(port), 'CN=a.example');
  });

  it('picks up a changed Secret on the next handshake', async () => {
    const renewed = await selfSignedCert(['a.example', 'renewed.a.example']);
    const secrets = cluster.client.resource(gvrSecrets, ns);
    const current = await secrets.get('a-tls');
    await secrets.update({ ...tlsSecret(ns, 'a-tls', renewed), metadata: current.metadata });
    await eventually('the renewed certificate served', async () => {
      const r = await httpsGet(port, 'a.example', '/', renewed.certPem).catch(() => undefined);
      return r?.status === 200;
    });
    await assert.rejects(httpsGet(port, 'a.example', '/', aCert.certPem), /self[- ]signed|certificate/i);
  });

  it('still serves plain HTTP on the HTTP port', async () => {
    const r = await get(cluster.httpPort, 'a.example', '/');
    assert.equal(r.status, 200);
  });
});
