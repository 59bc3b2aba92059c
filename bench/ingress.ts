/**
 * Ingress benchmark: wrk (keep-alive) against three hello pods (HTTP servers in their own processes at
 * 127.244.251.x), side by side: through the kubeling ingress (running in this process with an in-process API
 * server and the EndpointSlice controller, as in `kubeling up`; again with its fast path off, node:http only)
 * and through nginx (the Debian package, one worker,
 * configured as ingress-nginx configures a reverse proxy: upstream keep-alive, forwarded headers,
 * proxy_next_upstream). Prints requests/s, p50/p99 latency and the ratio kubeling / nginx.
 *
 *   npx tsx bench/ingress.ts [--duration 5] [--connections 32] [--threads 1] [--rounds 1]
 *
 * Needs `wrk` and `nginx` (Debian packages: apt-get install wrk nginx-light).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addPod, ingress, service, startIngressTestCluster } from '../src/ingress/ingress-test-helpers.js';
import { startHelloPodProcess } from './hello-pod-process.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const duration = arg('--duration', 5);
const connections = arg('--connections', 32);
const threads = arg('--threads', 1);
const rounds = arg('--rounds', 1);
const nginxPort = 18081;

const pods = ['127.244.251.1', '127.244.251.2', '127.244.251.3'];
const children: ChildProcess[] = [];

async function startPodProcess(ip: string, name: string): Promise<void> {
  children.push(await startHelloPodProcess(ip, name));
}

function status(port: number, host = 'hello.bench'): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** CPU seconds used so far by a process and its threads (/proc/<pid>/stat utime + stime). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The nginx processes (master and worker) started by this script. */
const nginxPids: number[] = [];

function nginxCpuSeconds(): number {
  let total = 0;
  for (const pid of nginxPids) {
    total += processCpuSeconds(pid);
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) {
        if (child) total += processCpuSeconds(Number(child));
      }
    } catch {}
  }
  return total;
}

async function startNginx(dir: string): Promise<void> {
  for (const d of ['logs', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  upstream pods {
${pods.map((ip) => `    server ${ip}:8080;`).join('\n')}
    keepalive 320;
    keepalive_timeout 60s;
    keepalive_requests 10000;
  }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      proxy_pass http://pods;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Scheme $scheme;
      proxy_connect_timeout 5s;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_buffering on;
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'inherit' });
  children.push(child);
  if (child.pid) nginxPids.push(child.pid);
  for (let i = 0; i < 50; i++) {
    if ((await status(nginxPort)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('nginx did not start');
}

/** Busy and total jiffies of the whole machine (/proc/stat), to show how loaded it was during a run. */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

interface WrkResult {
  rps: number;
  p50: string;
  p99: string;
  errors: string;
}

/** Runs wrk in a child process (this process's event loop is the ingress's). */
async function wrk(port: number): Promise<WrkResult> {
  const wrkArgs = ['-t', String(threads), '-c', String(connections), '-d', `${duration}s`, '--latency'];
  wrkArgs.push('-H', 'Host: hello.bench', `http://127.0.0.1:${port}/`);
  const child = spawn('wrk', wrkArgs);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await once(child, 'close');
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const p50 = /\s50%\s+(\S+)/.exec(out)?.[1] ?? '?';
  const p99 = /\s99%\s+(\S+)/.exec(out)?.[1] ?? '?';
  const errors = [/Socket errors:.*/.exec(out)?.[0], /Non-2xx.*/.exec(out)?.[0]].filter(Boolean).join('; ');
  return { rps, p50, p99, errors };
}

const dir = mkdtempSync(join(tmpdir(), 'kubeling-bench-ingress-'));
const cluster = await startIngressTestCluster({}, ['bench']);
const slowCluster = await startIngressTestCluster({ fastPath: false }, ['bench']);
try {
  await Promise.all(pods.map((ip, i) => startPodProcess(ip, `hello-${i + 1}`)));
  for (const { client, httpPort } of [cluster, slowCluster]) {
    await client
      .resource({ group: '', version: 'v1', resource: 'services' }, 'bench')
      .create(service('bench', 'hello-service', { app: 'hello' }));
    for (const [i, ip] of pods.entries()) await addPod(client, 'bench', `hello-${i + 1}`, { app: 'hello' }, ip);
    await client.resource({ group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' }, 'bench').create(
      ingress('bench', 'hello', {
        rules: [
          {
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'hello-service', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      }),
    );
    while ((await status(httpPort)) !== 200) await new Promise((r) => setTimeout(r, 10));
  }
  await startNginx(dir);

  const targets = [
    { what: 'kubeling ingress', port: cluster.httpPort },
    { what: 'kubeling, node:http path only', port: slowCluster.httpPort },
    { what: 'nginx 1 worker, reverse proxy', port: nginxPort },
  ];
  console.log(
    `wrk -t${threads} -c${connections} -d${duration}s keep-alive, ${pods.length} hello pods, node ${process.version}`,
  );
  const best: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const cpu = process.cpuUsage();
      const nginxBefore = nginxCpuSeconds();
      const ticks = machineTicks();
      const t0 = performance.now();
      const r = await wrk(t.port);
      const used = process.cpuUsage(cpu);
      const elapsedMs = performance.now() - t0;
      const proxyCpuMs =
        t.port === nginxPort ? (nginxCpuSeconds() - nginxBefore) * 1000 : (used.user + used.system) / 1000;
      const share = proxyCpuMs / elapsedMs;
      const perRequestUs = (proxyCpuMs * 1000) / Math.max(1, r.rps * (elapsedMs / 1000));
      const after = machineTicks();
      const machine = (after.busy - ticks.busy) / Math.max(1, after.total - ticks.total);
      best[t.what] = Math.max(best[t.what] ?? 0, r.rps);
      console.log(
        `${t.what.padEnd(32)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${r.p50.padStart(8)}   p99 ${r.p99.padStart(8)}   proxy ${(share * 100).toFixed(0)}% of a core, ${perRequestUs.toFixed(1)} µs CPU/request, machine ${(machine * 100).toFixed(0)}% busy ${r.errors}`,
      );
    }
  }
  const ratio = (best['kubeling ingress'] ?? 0) / (best['nginx 1 worker, reverse proxy'] ?? 1);
  console.log(`ratio kubeling / nginx (requests/s): ${ratio.toFixed(2)} (goal >= 0.8)`);
} finally {
  for (const c of children) c.kill();
  await cluster.stop();
  await slowCluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
