import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateClusterPki } from './pki.js';
import { loadOrCreateClusterPki, PKI_FILES } from './pki-store.js';

const DAY = 24 * 60 * 60 * 1000;

describe('loadOrCreateClusterPki', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-pki-'));
  after(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  const freshDir = (): string => join(root, `pki-${n++}`);

  it('creates everything on first use, with private files 0600 in a 0700 folder', async () => {
    const dir = freshDir();
    const first = await loadOrCreateClusterPki(dir, 'demo');
    assert.deepEqual(first.created, ['ca', 'serving', 'admin', 'token']);
    assert.ok(first.durationMs > 0);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const file of [PKI_FILES.caKey, PKI_FILES.serverKey, PKI_FILES.adminKey, PKI_FILES.adminToken]) {
      assert.equal((await stat(join(dir, file))).mode & 0o777, 0o600, file);
    }
    assert.equal(await readFile(join(dir, PKI_FILES.caCert), 'utf8'), first.pki.caCertPem);
    assert.equal((await readFile(join(dir, PKI_FILES.adminToken), 'utf8')).trim(), first.pki.adminToken);
  });

  it('reuses what is there', async () => {
    const dir = freshDir();
    const first = await loadOrCreateClusterPki(dir, 'demo');
    const second = await loadOrCreateClusterPki(dir, 'demo');
    assert.deepEqual(second.created, []);
    assert.deepEqual(second.pki, first.pki);
  });

  it('reissues only what is missing or no longer good', async () => {
    const dir = freshDir();
    const first = await loadOrCreateClusterPki(dir, 'demo');
    const cases: { label: string; damage: () => Promise<void>; now?: Date; created: string[] }[] = [
      { label: 'admin cert removed', damage: () => rm(join(dir, PKI_FILES.adminCert)), created: ['admin'] },
      { label: 'token removed', damage: () => rm(join(dir, PKI_FILES.adminToken)), created: ['token'] },
      {
        label: 'serving cert from another CA',
        damage: async () => writeFile(join(dir, PKI_FILES.serverCert), (await generateClusterPki('x')).serverCertPem),
        created: ['serving'],
      },
      {
        label: 'leaves about to expire',
        damage: async () => {},
        now: new Date(Date.now() + 350 * DAY),
        created: ['serving', 'admin'],
      },
      { label: 'CA key lost', damage: () => rm(join(dir, PKI_FILES.caKey)), created: ['ca', 'serving', 'admin'] },
    ];
    for (const c of cases) {
      await c.damage();
      const again = await loadOrCreateClusterPki(dir, 'demo', c.now);
      assert.deepEqual(again.created, c.created, c.label);
    }
    const last = await loadOrCreateClusterPki(dir, 'demo');
    assert.deepEqual(last.created, []);
    assert.notEqual(last.pki.caCertPem, first.pki.caCertPem);
  });
});
