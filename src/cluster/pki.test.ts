import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { ADMIN_GROUP, ADMIN_USER, type ClusterPkiBundle, generateClusterPki, isValidLeaf } from './pki.js';

const DAY = 24 * 60 * 60 * 1000;
const days = (cert: X509Certificate): number =>
  Math.round((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY);

/** Starts an HTTPS server with the serving cert that reports the client certificate's subject. */
async function serve(pki: ClusterPkiBundle): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer(
    { cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      res.end(JSON.stringify({ authorized: socket.authorized, subject: peer.subject ?? null }));
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function get(
  port: number,
  options: { ca: string; servername?: string; cert?: string; key?: string },
): Promise<{ authorized: boolean; subject: Record<string, string> | null }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('generateClusterPki', async () => {
  const pki = await generateClusterPki('demo');
  const ca = new X509Certificate(pki.caCertPem);
  const serving = new X509Certificate(pki.serverCertPem);
  const admin = new X509Certificate(pki.adminCertPem);

  it('makes a ten-year CA', () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=kubeling-demo-ca');
    assert.ok(days(ca) >= 3650, `CA valid for ${days(ca)} days`);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  });

  it('signs a one-year serving certificate for the API server names and addresses', () => {
    assert.equal(serving.ca, false);
    assert.ok(serving.checkIssued(ca) && serving.verify(ca.publicKey));
    assert.ok(days(serving) >= 365 && days(serving) < 367, `serving valid for ${days(serving)} days`);
    const sans = (serving.subjectAltName ?? '').split(', ').sort();
    assert.deepEqual(
      sans,
      [
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'DNS:localhost',
        'IP Address:0:0:0:0:0:0:0:1',
        'IP Address:127.0.0.1',
        'IP Address:127.96.0.1',
      ].sort(),
    );
    assert.deepEqual(serving.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('signs an admin client certificate in group system:masters', () => {
    assert.ok(admin.checkIssued(ca) && admin.verify(ca.publicKey));
    assert.deepEqual(admin.subject.split('\n').sort(), [`CN=${ADMIN_USER}`, `O=${ADMIN_GROUP}`]);
    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  });

  it('makes a random 256-bit token', async () => {
    assert.match(pki.adminToken, /^[A-Za-z0-9_-]{43}$/);
    const other = await generateClusterPki('demo');
    assert.notEqual(other.adminToken, pki.adminToken);
    assert.notEqual(other.caCertPem, pki.caCertPem);
  });

  it('serves TLS that a client trusting only the CA accepts, by IP and by Service name', async () => {
    const server = await serve(pki);
    try {
      for (const servername of [undefined, 'kubernetes.default.svc', 'localhost']) {
        const answer = await get(server.port, {
          ca: pki.caCertPem,
          ...(servername ? { servername } : {}),
          cert: pki.adminCertPem,
          key: pki.adminKeyPem,
        });
        assert.equal(answer.authorized, true, `client cert accepted (servername ${servername})`);
        assert.equal(answer.subject?.CN, ADMIN_USER);
        assert.equal(answer.subject?.O, ADMIN_GROUP);
      }
      const stranger = await generateClusterPki('other');
      await assert.rejects(get(server.port, { ca: stranger.caCertPem }), /self-signed|unable to verify|certificate/i);
      await assert.rejects(get(server.port, { ca: pki.caCertPem, servername: 'example.com' }), /altnames|Hostname/i);
    } finally {
      await server.close();
    }
  });

  it('tells which leaves are still good', async () => {
    const now = new Date();
    const other = await generateClusterPki('other');
    const cases: [string, string, string, Date, boolean][] = [
      ['own leaf, fresh', pki.serverCertPem, pki.caCertPem, now, true],
      ['leaf of another CA', pki.serverCertPem, other.caCertPem, now, false],
      [
        'leaf 340 days on (expires within 30 days)',
        pki.serverCertPem,
        pki.caCertPem,
        new Date(+now + 340 * DAY),
        false,
      ],
      ['leaf not valid yet (clock went back a day)', pki.serverCertPem, pki.caCertPem, new Date(+now - DAY), false],
      ['not a certificate', 'garbage', pki.caCertPem, now, false],
    ];
    for (const [label, cert, caPem, when, want] of cases) assert.equal(isValidLeaf(cert, caPem, when), want, label);
  });
});
