/**
 * Keeps a cluster's PKI in `<data-dir>/pki/`: generated on first use, reused afterwards. Files: ca.crt, ca.key,
 * apiserver.crt, apiserver.key, admin.crt, admin.key, admin.token (keys and token mode 0600, the folder 0700).
 * A leaf certificate that is missing, not signed by the stored CA, or close to expiry is reissued; a missing or
 * unreadable CA means a new CA and new leaves.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import {
  type ClusterPkiBundle,
  createCa,
  issueAdminCert,
  issueServingCert,
  isValidLeaf,
  newAdminToken,
} from './pki.js';

export const PKI_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  adminCert: 'admin.crt',
  adminKey: 'admin.key',
  adminToken: 'admin.token',
} as const;

/** Which parts of the PKI a call had to create (empty when everything was reused). */
export type PkiPart = 'ca' | 'serving' | 'admin' | 'token';

export interface LoadedPki {
  pki: ClusterPkiBundle;
  created: PkiPart[];
  /** Wall time of loading plus any generation, in milliseconds. */
  durationMs: number;
}

/** The folder holding a cluster's PKI. */
export function pkiDir(dataDir: string): string {
  return join(dataDir, 'pki');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Loads the PKI from `dir`, creating whatever is missing or unusable. Not safe to call twice at once on one dir. */
export async function loadOrCreateClusterPki(dir: string, clusterName: string, now = new Date()): Promise<LoadedPki> {
  const started = performance.now();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = (name: keyof typeof PKI_FILES): string => join(dir, PKI_FILES[name]);
  const created: PkiPart[] = [];

  let caCertPem = await readOptional(file('caCert'));
  let caKeyPem = await readOptional(file('caKey'));
  if (caCertPem === undefined || caKeyPem === undefined) {
    const ca = await createCa(clusterName, now);
    caCertPem = ca.certPem;
    caKeyPem = ca.keyPem;
    await writeFileAtomic(file('caKey'), caKeyPem, 0o600);
    await writeFileAtomic(file('caCert'), caCertPem, 0o644);
    created.push('ca');
  }
  const ca = { certPem: caCertPem, keyPem: caKeyPem };

  const leaf = async (
    part: PkiPart,
    certName: 'serverCert' | 'adminCert',
    keyName: 'serverKey' | 'adminKey',
    issue: typeof issueServingCert,
  ): Promise<{ certPem: string; keyPem: string }> => {
    const certPem = await readOptional(file(certName));
    const keyPem = await readOptional(file(keyName));
    if (certPem !== undefined && keyPem !== undefined && isValidLeaf(certPem, ca.certPem, now)) {
      return { certPem, keyPem };
    }
    const issued = await issue(ca, now);
    await writeFileAtomic(file(keyName), issued.keyPem, 0o600);
    await writeFileAtomic(file(certName), issued.certPem, 0o644);
    created.push(part);
    return issued;
  };
  const serving = await leaf('serving', 'serverCert', 'serverKey', issueServingCert);
  const admin = await leaf('admin', 'adminCert', 'adminKey', issueAdminCert);

  let adminToken = (await readOptional(file('adminToken')))?.trim();
  if (!adminToken) {
    adminToken = newAdminToken();
    await writeFileAtomic(file('adminToken'), `${adminToken}\n`, 0o600);
    created.push('token');
  }

  return {
    pki: {
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      serverCertPem: serving.certPem,
      serverKeyPem: serving.keyPem,
      adminCertPem: admin.certPem,
      adminKeyPem: admin.keyPem,
      adminToken,
    },
    created,
    durationMs: performance.now() - started,
  };
}
