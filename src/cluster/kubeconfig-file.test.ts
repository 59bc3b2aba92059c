import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { access, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { kubeconfigEntryName, mergeKubeconfig } from './kubeconfig.js';
import { defaultKubeconfigPath, readKubeconfigFile, updateKubeconfigFile } from './kubeconfig-file.js';

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const devAccess = {
  entryName: kubeconfigEntryName('dev'),
  server: 'https://127.0.0.1:7443',
  caCertPem: CA,
  token: 'secret',
};

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('defaultKubeconfigPath', () => {
  it('takes the first non-empty $KUBECONFIG path, else ~/.kube/config', () => {
    const cases: [string | undefined, string][] = [
      [undefined, '/home/u/.kube/config'],
      ['', '/home/u/.kube/config'],
      [`/a/one${delimiter}/b/two`, '/a/one'],
      [`${delimiter}/b/two`, '/b/two'],
    ];
    for (const [kubeconfig, want] of cases) {
      const env = kubeconfig === undefined ? {} : { KUBECONFIG: kubeconfig };
      assert.equal(defaultKubeconfigPath(env, '/home/u'), want, String(kubeconfig));
    }
  });
});

describe('updateKubeconfigFile', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-kubeconfig-'));
  after(() => rm(root, { recursive: true, force: true }));

  it('creates the file (and folder) with mode 0600 and removes its lock', async () => {
    const path = join(root, 'new', '.kube', 'config');
    assert.equal(await updateKubeconfigFile(path, (c) => mergeKubeconfig(c, devAccess)), true);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await readKubeconfigFile(path))['current-context'], 'kubeling-dev');
    await assert.rejects(access(`${path}.lock`));
  });

  it('leaves the file untouched when the edit returns undefined', async () => {
    const path = join(root, 'untouched');
    await writeFile(path, '# a comment\n', { mode: 0o644 });
    assert.equal(await updateKubeconfigFile(path, () => undefined), false);
    assert.equal(await readFile(path, 'utf8'), '# a comment\n');
  });

  it('follows a symbolic link instead of replacing it', async () => {
    const target = join(root, 'real-config');
    const link = join(root, 'link-config');
    await writeFile(target, '');
    await symlink(target, link);
    await updateKubeconfigFile(link, (c) => mergeKubeconfig(c, devAccess));
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal((await readKubeconfigFile(target)).clusters.length, 1);
  });

  it('waits for a held lock, then fails naming it', async () => {
    const path = join(root, 'locked');
    await writeFile(`${path}.lock`, '1');
    const started = Date.now();
    await assert.rejects(
      updateKubeconfigFile(path, (c) => c, 300),
      /locked by another writer: remove .*locked\.lock/,
    );
    assert.ok(Date.now() - started >= 300);
    await rm(`${path}.lock`);
  });

  it('serializes concurrent writers so no entry is lost', async () => {
    const path = join(root, 'concurrent');
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(
      names.map((n) =>
        updateKubeconfigFile(path, (c) => mergeKubeconfig(c, { ...devAccess, entryName: kubeconfigEntryName(n) })),
      ),
    );
    const config = await readKubeconfigFile(path);
    assert.deepEqual(config.contexts.map((c) => c.name).sort(), names.map(kubeconfigEntryName));
  });

  it('writes a file the real kubectl reads', { skip: !hasKubectl() && 'kubectl not installed' }, async () => {
    const path = join(root, 'kubectl', 'config');
    await mkdir(join(root, 'kubectl'));
    await writeFile(
      path,
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://prod:443\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: prod\n  name: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: p\n',
    );
    await updateKubeconfigFile(path, (c) => mergeKubeconfig(c, devAccess));
    const kubectl = (...args: string[]): string =>
      execFileSync('kubectl', ['--kubeconfig', path, ...args], { encoding: 'utf8' }).trim();
    assert.equal(kubectl('config', 'current-context'), 'kubeling-dev');
    assert.deepEqual(kubectl('config', 'get-contexts', '-o', 'name').split('\n').sort(), ['kubeling-dev', 'prod']);
    assert.equal(kubectl('config', 'view', '--minify', '--raw', '-o', 'jsonpath={.users[0].user.token}'), 'secret');
    const caData = kubectl(
      'config',
      'view',
      '--minify',
      '--raw',
      '-o',
      'jsonpath={.clusters[0].cluster.certificate-authority-data}',
    );
    assert.equal(Buffer.from(caData, 'base64').toString(), CA);
  });
});
