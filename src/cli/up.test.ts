import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readClusterState } from '../cluster/cluster-state.js';
import { readKubeconfigFile } from '../cluster/kubeconfig-file.js';
import type { ClusterOptions, RunningCluster } from '../cluster/run-cluster.js';
import { up } from './commands/up.js';
import { main } from './main.js';
import { probeReady } from './readiness.js';
import { type TestContext, testContext } from './testdata/test-context.js';
import type { ForegroundDeps } from './up-foreground.js';

/** A stand-in API server: HTTPS with the cluster's serving cert, /readyz answers 200 to the admin token. */
async function fakeRunCluster(options: ClusterOptions): Promise<RunningCluster> {
  const server = createHttpsServer({ cert: options.pki.serverCertPem, key: options.pki.serverKeyPem }, (req, res) => {
    const ok = req.url === '/readyz' && req.headers.authorization === `Bearer ${options.pki.adminToken}`;
    res.writeHead(ok ? 200 : 401).end(ok ? 'ok' : 'Unauthorized');
  });
  server.listen(options.port, options.host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
  const port = (server.address() as AddressInfo).port;
  return {
    name: options.name,
    url: `https://${options.host}:${port}`,
    port,
    ready: Promise.resolve(),
    ingressUrl: () => undefined,
    dashboardUrl: () => undefined,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const pendingStops = new Set<() => void>();

/** Foreground deps whose stop request the test triggers (an `after` hook stops any a failed test left). */
function controlledDeps(): ForegroundDeps & { requestStop(): void } {
  let requestStop = (): void => {};
  const requested = new Promise<string>((resolve) => {
    requestStop = () => resolve('test');
  });
  pendingStops.add(requestStop);
  return { runCluster: fakeRunCluster, stopRequested: () => requested, requestStop };
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const flags = (name: string, extra: Record<string, unknown> = {}) => ({ name, timeout: 60, port: 0, ...extra });

describe('kubeling up in the foreground', async () => {
  const contexts: TestContext[] = [];
  after(async () => {
    for (const stop of pendingStops) stop();
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all(contexts.map((c) => rm(c.root, { recursive: true, force: true })));
  });
  const context = async (): Promise<TestContext> => {
    const ctx = await testContext();
    contexts.push(ctx);
    return ctx;
  };

  it('runs until asked to stop, merging the kubeconfig and recording its state', async () => {
    const ctx = await context();
    const kubeconfigPath = join(ctx.home, '.kube', 'config');
    await mkdir(join(ctx.home, '.kube'), { recursive: true });
    await writeFile(
      kubeconfigPath,
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://prod:443"}\n  name: prod\ncontexts:\n- context: {cluster: prod, user: prod}\n  name: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user: {token: p}\n',
    );
    const dataDir = join(ctx.env.KUBELING_HOME!, 'dev');
    const deps = controlledDeps();
    const running = up(ctx, flags('dev'), deps);
    await until(async () => (await readClusterState(dataDir))?.pid === process.pid);

    const state = (await readClusterState(dataDir))!;
    assert.match(state.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(state.kubeconfigs, [kubeconfigPath]);
    const config = await readKubeconfigFile(kubeconfigPath);
    assert.equal(config['current-context'], 'kubeling-dev');
    assert.deepEqual(config.contexts.map((c) => c.name).sort(), ['kubeling-dev', 'prod']);

    const cluster = config.clusters.find((c) => c.name === 'kubeling-dev')?.cluster as Record<string, string>;
    const user = config.users.find((u) => u.name === 'kubeling-dev')?.user as Record<string, string>;
    const caCertPem = Buffer.from(cluster['certificate-authority-data']!, 'base64').toString();
    assert.equal(cluster.server, state.url);
    assert.equal(await probeReady({ url: state.url, caCertPem, token: user.token! }), true);
    assert.equal(await probeReady({ url: state.url, caCertPem, token: 'wrong' }), false);

    const again = await testContextLike(ctx);
    assert.equal(await up(again, flags('dev'), controlledDeps()), 0);
    assert.match(
      again.stdout.join('\n'),
      /^cluster "dev" is already running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+\)$/,
    );

    const status = await testContextLike(ctx);
    assert.equal(await main(['status'], status), 0);
    const table = status.stdout.join('\n').split('\n');
    assert.match(table[0]!, /^NAME\s+STATE\s+URL\s+INGRESS\s+PODS\s+MEMORY\s+PID\s+DATA DIR$/);
    // The stand-in cluster serves no pods list: PODS is "-"; MEMORY is this process's RSS.
    assert.match(
      table[1]!,
      new RegExp(`^dev\\s+running\\s+${state.url}\\s+-\\s+-\\s+\\d+Mi\\s+${process.pid}\\s+${dataDir}$`),
    );

    deps.requestStop();
    assert.equal(await running, 0);
    const stopped = (await readClusterState(dataDir))!;
    assert.equal(stopped.pid, null);
    assert.ok(stopped.stopped);
    assert.match(ctx.stdout.join('\n'), /generated ca, serving, admin, token credentials in \d+ ms/);
    assert.match(ctx.stdout.join('\n'), /cluster "dev" stopped$/);

    const caBefore = await readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    const restart = controlledDeps();
    const rerun = up(ctx, { name: 'dev', timeout: 60 }, restart);
    await until(async () => (await readClusterState(dataDir))?.pid === process.pid);
    assert.equal((await readClusterState(dataDir))?.port, state.port, 'the last port is preferred');
    restart.requestStop();
    assert.equal(await rerun, 0);
    assert.equal(await readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8'), caBefore, 'PKI reused');
  });

  it('writes only the --kubeconfig file when given one', async () => {
    const ctx = await context();
    const deps = controlledDeps();
    const running = up(ctx, flags('solo', { kubeconfig: 'solo.yaml' }), deps);
    const dataDir = join(ctx.env.KUBELING_HOME!, 'solo');
    await until(async () => (await readClusterState(dataDir))?.pid === process.pid);
    deps.requestStop();
    assert.equal(await running, 0);
    assert.equal((await readKubeconfigFile(join(ctx.root, 'solo.yaml')))['current-context'], 'kubeling-solo');
    await assert.rejects(readFile(join(ctx.home, '.kube', 'config')), { code: 'ENOENT' });
  });

  it('refuses a port that is taken when it was asked for, in one line', async () => {
    const ctx = await context();
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as AddressInfo).port;
    try {
      const code = await main(['up', '--name', 'busy', '--port', String(port)], {
        ...ctx,
        foreground: controlledDeps(),
      });
      assert.equal(code, 1);
      assert.deepEqual(ctx.stderr.slice(-1), [
        `error: port ${port} is in use; choose another with --port, or --port 0 for any free port`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('refuses a --data-dir that holds other files, or a second data dir for one cluster', async () => {
    const ctx = await context();
    const foreign = join(ctx.root, 'photos');
    await mkdir(foreign);
    await writeFile(join(foreign, 'cat.jpg'), '');
    assert.equal(await main(['up', '--name', 'x', '--data-dir', foreign], ctx), 1);
    assert.match(ctx.stderr.at(-1)!, /photos is not empty and is not a kubeling data dir/);

    const deps = controlledDeps();
    const running = up(ctx, flags('y', { dataDir: 'ydata' }), deps);
    await until(async () => (await readClusterState(join(ctx.root, 'ydata')))?.pid === process.pid);
    deps.requestStop();
    assert.equal(await running, 0);
    assert.equal(await main(['up', '--name', 'y', '--data-dir', 'other'], ctx), 1);
    assert.match(ctx.stderr.at(-1)!, /cluster "y" already keeps its data in .*ydata; omit --data-dir/);

    const status = await testContextLike(ctx);
    assert.equal(await main(['status', '-o', 'json'], status), 0);
    const listed = JSON.parse(status.stdout.join('\n')) as { name: string; state: string; dataDir: string }[];
    assert.deepEqual(
      listed.map((c) => [c.name, c.state, c.dataDir]),
      [['y', 'stopped', join(ctx.root, 'ydata')]],
    );
  });
});

/** A fresh output capture sharing `ctx`'s environment. */
async function testContextLike(ctx: TestContext): Promise<TestContext> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    ...ctx,
    stdout,
    stderr,
    out: (text) => stdout.push(text.replace(/\n$/, '')),
    err: (text) => stderr.push(text.replace(/\n$/, '')),
  };
}
