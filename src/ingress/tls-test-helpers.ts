/** Self-signed certificates for the ingress TLS tests (through the cluster's `@peculiar/x509` loader). */
import { webcrypto } from 'node:crypto';
import { x509 } from '../cluster/x509.js';

export interface TestCert {
  certPem: string;
  keyPem: string;
}

/** A self-signed serving certificate for `hosts` (the first is the CN), valid for a day. */
export async function selfSignedCert(hosts: string[]): Promise<TestCert> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${hosts[0] ?? 'test'}`,
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: 'dns' as const, value }))),
    ],
  });
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(der, 'PRIVATE KEY') };
}

/** A `kubernetes.io/tls` Secret holding the certificate. */
export function tlsSecret(namespace: string, name: string, cert: TestCert) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(cert.certPem).toString('base64'),
      'tls.key': Buffer.from(cert.keyPem).toString('base64'),
    },
  };
}
