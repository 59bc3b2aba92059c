/**
 * The per-cluster PKI: a CA, the API server's serving certificate, an admin client certificate and an admin
 * bearer token. ECDSA P-256 keys through Node's WebCrypto, certificates through `@peculiar/x509`.
 * `loadOrCreateClusterPki` keeps everything in `<data-dir>/pki/` (keys and token 0600) and reuses it.
 */
import { X509Certificate as NodeX509Certificate, randomBytes, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import type { ClusterPki } from './run-cluster.js';

type X509Lib = typeof import('./x509.js')['x509'];
let x509Lib: Promise<X509Lib> | undefined;

/** `@peculiar/x509` is heavy to load (~250 ms): only generating certificates needs it, not reusing them. */
function loadX509(): Promise<X509Lib> {
  x509Lib ??= import('./x509.js').then((m) => m.x509);
  return x509Lib;
}

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** `ClusterPki` plus the admin client certificate (CN kubernetes-admin, O system:masters). */
export interface ClusterPkiBundle extends ClusterPki {
  adminCertPem: string;
  adminKeyPem: string;
}

/** DNS names the serving certificate covers. */
export const SERVING_DNS_NAMES: readonly string[] = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];
/** IP addresses the serving certificate covers (127.96.0.1 is the `kubernetes` Service ClusterIP). */
export const SERVING_IPS: readonly string[] = ['127.0.0.1', '::1', '127.96.0.1'];

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUP = 'system:masters';

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
/** Backdating absorbs small clock differences between this machine and anything checking the certificates. */
const BACKDATE_MS = 5 * 60 * 1000;

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

interface KeyedCert {
  certPem: string;
  keyPem: string;
}

interface Issuer {
  cert: X509.X509Certificate;
  key: CryptoKey;
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const x509 = await loadX509();
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const x509 = await loadX509();
  const der = x509.PemConverter.decodeFirst(pem);
  return webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, true, ['sign']);
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/** Creates a self-signed CA certificate (CN `kubeling-<cluster>-ca`) valid for ten years. */
export async function createCa(clusterName: string, now = new Date()): Promise<KeyedCert> {
  const x509 = await loadX509();
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=kubeling-${clusterName}-ca`,
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validity(now, CA_VALIDITY_DAYS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

async function issueLeaf(
  issuer: Issuer,
  subject: string,
  usage: X509.ExtendedKeyUsage,
  now: Date,
  extra: X509.Extension[] = [],
): Promise<KeyedCert> {
  const x509 = await loadX509();
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.cert.subjectName,
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validity(now, LEAF_VALIDITY_DAYS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey),
      ...extra,
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

async function loadIssuer(ca: KeyedCert): Promise<Issuer> {
  const x509 = await loadX509();
  return { cert: new x509.X509Certificate(ca.certPem), key: await importPrivateKey(ca.keyPem) };
}

/** Issues the API server's serving certificate (SANs: `SERVING_DNS_NAMES`, `SERVING_IPS`), valid for one year. */
export async function issueServingCert(ca: KeyedCert, now = new Date()): Promise<KeyedCert> {
  const x509 = await loadX509();
  const names = [
    ...SERVING_DNS_NAMES.map((value) => ({ type: 'dns' as const, value })),
    ...SERVING_IPS.map((value) => ({ type: 'ip' as const, value })),
  ];
  return issueLeaf(await loadIssuer(ca), 'CN=kube-apiserver', x509.ExtendedKeyUsage.serverAuth, now, [
    new x509.SubjectAlternativeNameExtension(names),
  ]);
}

/** Issues the admin client certificate (CN kubernetes-admin, O system:masters), valid for one year. */
export async function issueAdminCert(ca: KeyedCert, now = new Date()): Promise<KeyedCert> {
  const x509 = await loadX509();
  return issueLeaf(await loadIssuer(ca), `O=${ADMIN_GROUP}, CN=${ADMIN_USER}`, x509.ExtendedKeyUsage.clientAuth, now);
}

/** A random admin bearer token (256 bits, base64url). */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Generates a complete, fresh PKI in memory. */
export async function generateClusterPki(clusterName: string, now = new Date()): Promise<ClusterPkiBundle> {
  const ca = await createCa(clusterName, now);
  const [serving, admin] = await Promise.all([issueServingCert(ca, now), issueAdminCert(ca, now)]);
  return {
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    serverCertPem: serving.certPem,
    serverKeyPem: serving.keyPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    adminToken: newAdminToken(),
  };
}

/**
 * True when `certPem` was signed by `caCertPem`, is already valid at `now` and stays valid for at least
 * `minRemainingMs` after it
 * (a certificate that expires soon is reissued rather than left to break a running cluster).
 */
export function isValidLeaf(certPem: string, caCertPem: string, now: Date, minRemainingMs = 30 * DAY_MS): boolean {
  try {
    const cert = new NodeX509Certificate(certPem);
    const ca = new NodeX509Certificate(caCertPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (Date.parse(cert.validFrom) > now.getTime() + BACKDATE_MS) return false;
    return Date.parse(cert.validTo) - now.getTime() >= minRemainingMs;
  } catch {
    return false;
  }
}
