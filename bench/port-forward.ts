/**
 * Port-forward throughput: a bulk HTTP download from a pod, directly from its pod IP and through each forward
 * (kubectl 1.27 over SPDY, kubectl 1.33 over SPDY-in-WebSocket, `kubeling port-forward` for deploy/ and svc/).
 * Prints MB/s and the ratio to the direct connection (1 = as fast as direct). The cluster is a test cluster whose
 * pod is served by this process (the stand-in node of test/e2e), so only the forwarding path is measured.
 * Bounded: it stops by itself and kills what it started.
 *
 *   npx tsx bench/port-forward.ts [--mb 200] [--runs 3]
 */
import { cliCommand } from '../test/e2e/cli-command.js';
import { kubectlPath } from '../test/e2e/harness.js';
import { fetchOnce, podsGvr, startForward, startStreamingCluster } from '../test/e2e/streaming-fixtures.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1] ?? fallback) : fallback;
};
const megabytes = arg('--mb', 200);
const runs = arg('--runs', 3);
const bytes = megabytes * 1024 * 1024;

const sc = await startStreamingCluster();
try {
  const k = (a: string[]) => sc.tc.kubectl('1.33', a, { timeoutMs: 60_000 });
  await k(['create', 'deployment', 'bulk', '--image=busybox', '--replicas=1', '--port=8080']);
  await k(['expose', 'deployment', 'bulk', '--port=80', '--target-port=8080']);
  await k(['rollout', 'status', 'deployment/bulk', '--timeout=60s']);
  await sc.pods.ready(1);
  const pod = (await sc.client.resource(podsGvr, 'default').list({ labelSelector: 'app=bulk' })).items[0];
  const podIP = (pod as { status?: { podIP?: string } } | undefined)?.status?.podIP ?? '';
  const podName = pod?.metadata.name ?? '';

  /** Best of `runs` downloads through a local port (or the pod IP), in MB/s. */
  const measure = async (port: number, host = '127.0.0.1'): Promise<number> => {
    let best = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const r =
        host === '127.0.0.1'
          ? await fetchOnce(port, `/bulk?bytes=${bytes}`)
          : await direct(host, `/bulk?bytes=${bytes}`);
      if (r.body.length !== bytes) throw new Error(`short read: ${r.body.length}`);
      best = Math.max(best, megabytes / ((performance.now() - started) / 1000));
    }
    return best;
  };
  const direct = async (host: string, path: string) => {
    const { request } = await import('node:http');
    return new Promise<{ body: Buffer }>((resolve, reject) => {
      request({ host, port: 8080, path, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
  };
  const env = { HOME: sc.tc.dir };
  const kubeconfig = ['--kubeconfig', sc.tc.kubeconfig];
  const paths: [string, () => Promise<{ port: number; stop(): Promise<number> }>][] = [
    [
      'kubectl 1.27 port-forward pod/ (SPDY)',
      () => startForward([kubectlPath('1.27'), ...kubeconfig, 'port-forward', `pod/${podName}`, ':8080'], env),
    ],
    [
      'kubectl 1.33 port-forward pod/ (SPDY in WebSocket)',
      () => startForward([kubectlPath('1.33'), ...kubeconfig, 'port-forward', `pod/${podName}`, ':8080'], env),
    ],
    [
      'kubeling port-forward deploy/ (API server, WebSocket)',
      () => startForward([...cliCommand(), 'port-forward', 'deploy/bulk', ':8080', ...kubeconfig], env),
    ],
    [
      'kubeling port-forward svc/ (service proxy)',
      () => startForward([...cliCommand(), 'port-forward', 'svc/bulk', ':80', ...kubeconfig], env),
    ],
  ];

  const base = await measure(8080, podIP);
  const rows: [string, number][] = [['direct to the pod IP', base]];
  for (const [name, start] of paths) {
    const pf = await start();
    try {
      rows.push([name, await measure(pf.port)]);
    } finally {
      await pf.stop();
    }
  }
  console.log(`\nBulk download of ${megabytes} MB, best of ${runs}:\n`);
  console.log('| path | MB/s | ratio to direct |');
  console.log('| --- | --- | --- |');
  for (const [name, rate] of rows) console.log(`| ${name} | ${rate.toFixed(0)} | ${(rate / base).toFixed(2)} |`);
} finally {
  await sc.stop();
}
