/**
 * Service proxy benchmark: wrk against three hello pods (HTTP servers in their own processes at 127.244.250.x),
 * side by side: direct to one pod IP, through the kubeling ClusterIP (the proxy runs in this process with an
 * in-process API server), and through HAProxy (TCP mode, roundrobin over the same pods, one thread). Each with
 * keep-alive and with one connection per request. Prints requests/s and the ratios kubeling / HAProxy.
 *
 *   npx tsx bench/proxy.ts [--duration 5] [--connections 32] [--threads 1]
 *
 * Needs `wrk` and `haproxy` (Debian packages: apt-get install wrk haproxy).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gvrServices, type Service } from '../src/proxy/kinds.js';
import { createService, putSlice, service, slice, startProxyTestCluster } from '../src/proxy/proxy-test-helpers.js';
import { startHelloPodProcess } from './hello-pod-process.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const duration = arg('--duration', 5);
const connections = arg('--connections', 32);
const threads = arg('--threads', 1);

const pods = ['127.244.250.1', '127.244.250.2', '127.244.250.3'];
const children: ChildProcess[] = [];

async function startPod(ip: string, name: string): Promise<void> {
  children.push(await startHelloPodProcess(ip, name));
}

async function startHaproxy(dir: string): Promise<void> {
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  nbthread 1',
      '  maxconn 4096',
      'defaults',
      '  mode tcp',
      '  timeout connect 1s',
      '  timeout client 30s',
      '  timeout server 30s',
      'frontend fe',
      '  bind 127.0.0.1:18080',
      '  default_backend pods',
      'backend pods',
      '  balance roundrobin',
      ...pods.map((ip, i) => `  server pod${i} ${ip}:8080`),
      '',
    ].join('\n'),
  );
  const child = spawn('haproxy', ['-f', cfg, '-db'], { stdio: 'inherit' });
  children.push(child);
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('curl', ['-s', '-o', '/dev/null', 'http://127.0.0.1:18080/'], { timeout: 1000 });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('haproxy did not start');
}

/** Runs wrk in a child process (so this process's event loop is free for the proxy); requests/s. */
async function wrk(url: string, close: boolean): Promise<{ rps: number; errors: string }> {
  const wrkArgs = ['-t', String(threads), '-c', String(connections), '-d', `${duration}s`, url];
  if (close) wrkArgs.unshift('-H', 'Connection: close');
  const child = spawn('wrk', wrkArgs);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await once(child, 'close');
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const errors = [/Socket errors:.*/.exec(out)?.[0], /Non-2xx.*/.exec(out)?.[0]].filter(Boolean).join('; ');
  return { rps, errors };
}

const dir = mkdtempSync(join(tmpdir(), 'kubeling-bench-proxy-'));
const cluster = await startProxyTestCluster();
try {
  await Promise.all(pods.map((ip, i) => startPod(ip, `hello-${i + 1}`)));
  await createService(cluster.client, service('hello', { ports: [{ port: 80, targetPort: 8080 }] }));
  await putSlice(
    cluster.client,
    slice(
      'hello-1',
      'hello',
      pods.map((ip) => ({ ip })),
      [{ port: 8080 }],
    ),
  );
  const svc = await cluster.client.resource<Service>(gvrServices, 'default').get('hello');
  const clusterIP = svc.spec?.clusterIP ?? '';
  while (!cluster.proxy.served('default/hello')[0]?.frontends[0]?.listening)
    await new Promise((r) => setTimeout(r, 10));
  await startHaproxy(dir);

  const targets = [
    { what: 'direct to one pod', url: `http://${pods[0]}:8080/` },
    { what: `kubeling ClusterIP ${clusterIP}:80`, url: `http://${clusterIP}/` },
    { what: 'HAProxy 1 thread, TCP roundrobin', url: 'http://127.0.0.1:18080/' },
  ];
  console.log(`wrk -t${threads} -c${connections} -d${duration}s, ${pods.length} hello pods, node ${process.version}`);
  const results: Record<string, number> = {};
  for (const close of [false, true]) {
    const mode = close ? 'new connection per request' : 'keep-alive';
    for (const t of targets) {
      const r = await wrk(t.url, close);
      results[`${mode}/${t.what.split(' ')[0]}`] = r.rps;
      console.log(`${mode.padEnd(28)} ${t.what.padEnd(36)} ${r.rps.toFixed(0).padStart(8)} req/s ${r.errors}`);
    }
  }
  const ratio = (mode: string) => (results[`${mode}/kubeling`] ?? 0) / (results[`${mode}/HAProxy`] ?? 1);
  console.log(`ratio kubeling / HAProxy, keep-alive:                 ${ratio('keep-alive').toFixed(2)} (goal >= 0.9)`);
  console.log(
    `ratio kubeling / HAProxy, new connection per request: ${ratio('new connection per request').toFixed(2)} (goal >= 0.7)`,
  );
  const m = cluster.proxy.metrics().services['default/hello'];
  console.log(`proxy counters: ${m?.connections} connections, ${m?.failures} failures, ${m?.retries} retries`);
} finally {
  for (const c of children) c.kill();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
