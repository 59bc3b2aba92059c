import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ClusterState, writeClusterState } from '../../cluster/cluster-state.js';
import { loadOrCreateClusterPki, pkiDir } from '../../cluster/pki-store.js';
import { runCluster } from '../../cluster/run-cluster.js';
import { main } from '../main.js';
import { testContext } from '../testdata/test-context.js';

function runningState(dataDir: string, url: string, extra: Partial<ClusterState> = {}): ClusterState {
  return {
    name: 'kubeling',
    port: Number(new URL(url).port),
    url,
    pid: process.pid,
    started: new Date().toISOString(),
    dataDir,
    kubeconfigs: [],
    version: 'test',
    ...extra,
  };
}

describe('kubeling dashboard', () => {
  it('says how to start a cluster that is not running', async () => {
    const ctx = await testContext();
    assert.equal(await main(['dashboard', '--name', 'dev'], ctx), 1);
    assert.deepEqual(ctx.stderr, ['error: cluster "dev" is not running; start it with: kubeling up --name dev']);
  });

  it('prints the URL the running cluster recorded', async () => {
    const ctx = await testContext();
    const dataDir = join(ctx.root, 'kubeling', 'kubeling');
    const dashboardUrl = 'http://127.0.0.1:41234/?token=abc';
    await writeClusterState(dataDir, runningState(dataDir, 'https://127.0.0.1:6443', { dashboardUrl }));
    assert.equal(await main(['dashboard'], ctx), 0);
    assert.deepEqual(ctx.stdout, [dashboardUrl]);
  });

  it('serves a dashboard itself for a cluster that runs none, until stopped', async () => {
    const ctx = await testContext();
    const dataDir = join(ctx.root, 'kubeling', 'kubeling');
    const { pki } = await loadOrCreateClusterPki(pkiDir(dataDir), 'kubeling');
    const cluster = await runCluster({ name: 'kubeling', port: 0, pki });
    let stop: (reason: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    try {
      await cluster.ready;
      await writeClusterState(dataDir, runningState(dataDir, cluster.url));
      ctx.foreground = { runCluster: () => assert.fail('not used'), stopRequested: () => stopped };
      const code = main(['dashboard'], ctx);
      while (ctx.stdout.length === 0) await new Promise((r) => setTimeout(r, 20));
      const url = ctx.stdout[0] ?? '';
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      assert.equal((await fetch(url)).status, 200);
      assert.equal((await fetch(new URL('/', url))).status, 401);
      stop('SIGINT');
      assert.equal(await code, 0);
      await assert.rejects(fetch(url), 'the dashboard stopped');
    } finally {
      stop('SIGINT');
      await cluster.stop();
    }
  });
});
