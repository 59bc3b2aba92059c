import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Pod, Secret, Volume } from 'kubernetes-types/core/v1.js';
import type { EnvSources } from '../env/container-env.js';
import { containerMounts, setUpVolumes, tearDownVolumes, VolumeSetupError } from './pod-volumes.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeling-volumes-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const configMaps: Record<string, ConfigMap> = {
  web: { data: { 'index.html': '<h1>hi</h1>', 'app.conf': 'x=1' }, binaryData: { 'logo.bin': 'AAEC' } },
};
const secrets: Record<string, Secret> = { creds: { data: { password: Buffer.from('pw').toString('base64') } } };
const sources: EnvSources = {
  configMap: async (_ns, name) => configMaps[name],
  secret: async (_ns, name) => secrets[name],
};

function pod(volumes: Volume[]): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', resources: { limits: { memory: '64Mi' } } }], volumes },
  };
}

async function setUp(podDir: string, volumes: Volume[]) {
  return setUpVolumes(podDir, {
    pod: pod(volumes),
    addresses: { podIP: '127.244.0.9', hostIP: '127.0.0.1' },
    nodeAllocatable: {},
    sources,
  });
}

describe('pod volumes', () => {
  it('projects a ConfigMap with every key, atomically through ..data', async () => {
    const podDir = join(dir, 'cm');
    const paths = await setUp(podDir, [{ name: 'html', configMap: { name: 'web' } }]);
    const vol = paths.get('html') ?? '';
    assert.equal(vol, join(podDir, 'volumes', 'kubernetes.io~configmap', 'html'));
    assert.equal(await readFile(join(vol, 'index.html'), 'utf8'), '<h1>hi</h1>');
    assert.deepEqual([...(await readFile(join(vol, 'logo.bin')))], [0, 1, 2]);
    assert.ok((await lstat(join(vol, 'index.html'))).isSymbolicLink());
    assert.match(await readlink(join(vol, '..data')), /^\.\./);
    assert.equal((await stat(join(vol, 'app.conf'))).mode & 0o777, 0o644);
  });

  it('rewrites a volume when its source changes, dropping removed keys', async () => {
    const podDir = join(dir, 'update');
    await setUp(podDir, [{ name: 'html', configMap: { name: 'web' } }]);
    const before = configMaps.web;
    configMaps.web = { data: { 'index.html': '<h1>v2</h1>' } };
    try {
      const paths = await setUp(podDir, [{ name: 'html', configMap: { name: 'web' } }]);
      const vol = paths.get('html') ?? '';
      assert.equal(await readFile(join(vol, 'index.html'), 'utf8'), '<h1>v2</h1>');
      await assert.rejects(lstat(join(vol, 'app.conf')));
    } finally {
      configMaps.web = before as ConfigMap;
    }
  });

  it('projects items with paths and modes, Secrets decoded, downward API values', async () => {
    const podDir = join(dir, 'items');
    const paths = await setUp(podDir, [
      { name: 'conf', configMap: { name: 'web', items: [{ key: 'app.conf', path: 'sub/app.conf', mode: 0o600 }] } },
      { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
            { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } },
          ],
        },
      },
      { name: 'scratch', emptyDir: {} },
    ]);
    const conf = paths.get('conf') ?? '';
    assert.equal(await readFile(join(conf, 'sub/app.conf'), 'utf8'), 'x=1');
    assert.equal((await stat(join(conf, 'sub/app.conf'))).mode & 0o777, 0o600);
    await assert.rejects(lstat(join(conf, 'index.html')));
    assert.equal(await readFile(join(paths.get('sec') ?? '', 'password'), 'utf8'), 'pw');
    assert.equal((await stat(join(paths.get('sec') ?? '', 'password'))).mode & 0o777, 0o400);
    const info = paths.get('info') ?? '';
    assert.equal(await readFile(join(info, 'labels'), 'utf8'), 'app="web"');
    assert.equal(await readFile(join(info, 'name'), 'utf8'), 'p');
    assert.equal(await readFile(join(info, 'mem'), 'utf8'), '64');
    assert.ok((await stat(paths.get('scratch') ?? '')).isDirectory());
    await tearDownVolumes(podDir);
    await assert.rejects(stat(join(podDir, 'volumes')));
  });

  const failures: { what: string; volume: Volume; message: string }[] = [
    {
      what: 'a missing ConfigMap',
      volume: { name: 'v', configMap: { name: 'nope' } },
      message: 'MountVolume.SetUp failed for volume "v" : configmap "nope" not found',
    },
    {
      what: 'a missing key',
      volume: { name: 'v', configMap: { name: 'web', items: [{ key: 'k', path: 'k' }] } },
      message: 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: k',
    },
    {
      what: 'a missing Secret',
      volume: { name: 'v', secret: { secretName: 'nope' } },
      message: 'MountVolume.SetUp failed for volume "v" : secret "nope" not found',
    },
  ];
  for (const f of failures) {
    it(`fails on ${f.what}`, async () => {
      await assert.rejects(setUp(join(dir, 'fail'), [f.volume]), (err: unknown) => {
        assert.ok(err instanceof VolumeSetupError);
        assert.equal(err.message, f.message);
        return true;
      });
    });
  }

  it('skips optional sources that are missing', async () => {
    const paths = await setUp(join(dir, 'optional'), [{ name: 'v', configMap: { name: 'nope', optional: true } }]);
    assert.ok(paths.has('v'));
  });

  it('maps mounts with subPath and subPathExpr', () => {
    const volumes = new Map([
      ['html', '/data/pods/u/volumes/html'],
      ['logs', '/data/pods/u/volumes/logs'],
    ]);
    const table = containerMounts(
      {
        name: 'c',
        volumeMounts: [
          { name: 'html', mountPath: '/usr/share/nginx/html' },
          { name: 'html', mountPath: '/etc/app.conf', subPath: 'app.conf' },
          { name: 'logs', mountPath: '/var/log/app', subPathExpr: '$(POD_NAME)' },
        ],
      },
      volumes,
      new Map([['POD_NAME', 'web-1']]),
    );
    assert.deepEqual(table, {
      '/usr/share/nginx/html': '/data/pods/u/volumes/html',
      '/etc/app.conf': '/data/pods/u/volumes/html/app.conf',
      '/var/log/app': '/data/pods/u/volumes/logs/web-1',
    });
    assert.throws(
      () => containerMounts({ name: 'c', volumeMounts: [{ name: 'x', mountPath: '/x' }] }, volumes, new Map()),
      /cannot find volume "x"/,
    );
    assert.throws(
      () =>
        containerMounts(
          { name: 'c', volumeMounts: [{ name: 'html', mountPath: '/x', subPath: '../escape' }] },
          volumes,
          new Map(),
        ),
      /SubPath/,
    );
  });
});
