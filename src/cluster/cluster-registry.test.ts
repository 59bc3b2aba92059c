import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  kubelingHome,
  listClusters,
  registerCluster,
  resolveDataDir,
  unregisterCluster,
  validateClusterName,
} from './cluster-registry.js';
import { type ClusterState, clusterLiveness, writeClusterState } from './cluster-state.js';

const state = (name: string, dataDir: string, pid: number | null): ClusterState => ({
  name,
  port: 6443,
  url: 'https://127.0.0.1:6443',
  pid,
  started: new Date().toISOString(),
  dataDir,
  kubeconfigs: [],
  version: '0.0.0',
});

describe('kubelingHome', () => {
  it('is $KUBELING_HOME, else ~/.kubeling', () => {
    assert.equal(kubelingHome({ KUBELING_HOME: '/srv/kl' }, '/home/u'), '/srv/kl');
    assert.equal(kubelingHome({ KUBELING_HOME: ' ' }, '/home/u'), '/home/u/.kubeling');
    assert.equal(kubelingHome({}, '/home/u'), '/home/u/.kubeling');
  });
});

describe('validateClusterName', () => {
  it('accepts DNS labels of up to 40 characters', () => {
    const cases: [string, boolean][] = [
      ['kubeling', true],
      ['dev-2', true],
      ['a', true],
      ['x'.repeat(40), true],
      ['x'.repeat(41), false],
      ['Dev', false],
      ['-dev', false],
      ['dev-', false],
      ['dev_2', false],
      ['', false],
      ['../etc', false],
      ['.registry', false],
    ];
    for (const [name, ok] of cases) {
      if (ok) assert.doesNotThrow(() => validateClusterName(name), name);
      else assert.throws(() => validateClusterName(name), /invalid cluster name/, name);
    }
  });
});

describe('cluster registry', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kubeling-home-'));
  after(() => rm(home, { recursive: true, force: true }));

  it('resolves default and registered data dirs and lists clusters by name', async () => {
    const custom = join(home, 'elsewhere', 'dev');
    assert.equal(await resolveDataDir(home, 'dev'), join(home, 'dev'));
    await registerCluster(home, 'dev', custom);
    assert.equal(await resolveDataDir(home, 'dev'), custom);

    await mkdir(custom, { recursive: true });
    await writeClusterState(custom, state('dev', custom, process.pid));
    await mkdir(join(home, 'kubeling'));
    await writeClusterState(join(home, 'kubeling'), state('kubeling', join(home, 'kubeling'), null));
    await mkdir(join(home, 'not-a-cluster'));
    await writeFile(join(home, 'stray.txt'), '');

    const listed = await listClusters(home);
    assert.deepEqual(
      listed.map((c) => [c.name, c.state, c.dataDir]),
      [
        ['dev', 'running', custom],
        ['kubeling', 'stopped', join(home, 'kubeling')],
      ],
    );
    await unregisterCluster(home, 'dev');
    assert.equal(await resolveDataDir(home, 'dev'), join(home, 'dev'));
  });
});

describe('clusterLiveness', () => {
  it('is running only while the recorded process lives', () => {
    const cases: [string, ClusterState, ReturnType<typeof clusterLiveness>][] = [
      ['clean stop', state('a', '/x', null), { state: 'stopped', stale: false }],
      ['this process', state('a', '/x', process.pid), { state: 'running', stale: false }],
      ['gone (crash)', state('a', '/x', 2 ** 22 + 12345), { state: 'stopped', stale: true }],
      [
        'pid reused by another process',
        { ...state('a', '/x', process.pid), pidStartTicks: '1' },
        { state: 'stopped', stale: true },
      ],
    ];
    for (const [label, s, want] of cases) assert.deepEqual(clusterLiveness(s), want, label);
  });
});
