/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against a real cluster with the
 * seed's Deployment, Service and Ingress applied, and the stand-in kubelet making pods Ready with IPs. Stand-ins
 * for the pods' containers answer as hello-app does on each pod IP; when no service proxy answers at the ClusterIP,
 * a stand-in one forwards connections to the ready endpoints in turn. The dashboard has no cluster traffic source
 * here: the counters that move are the generator's own, per pod named in each answer.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { KubeObject } from '../../src/api/object.js';
import { httpsClient } from '../../src/client/https-client.js';
import { SharedInformer } from '../../src/client/informer.js';
import type { KubeClient } from '../../src/client/types.js';
import { type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { type FakeKubelet, startFakeKubelet } from './fake-kubelet.js';
import { startTestCluster, type TestCluster } from './harness.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const examples = new URL('../../examples/level-3-services/', import.meta.url).pathname;
const screenshot = new URL('../../docs/dashboard.png', import.meta.url).pathname;
const ns = 'dev';
const containerPort = 8080;

interface PodView extends KubeObject {
  status?: { podIP?: string };
}
interface SliceView extends KubeObject {
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

const listening = (server: Server | ReturnType<typeof createTcpServer>, port: number, ip: string) =>
  new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, ip, () => resolve()));

/** hello-app's answer on every pod's IP (where a real container does not already answer). */
function startStandInContainers(client: KubeClient) {
  const servers = new Map<string, Server>();
  const informer = new SharedInformer(client.resource<PodView>({ group: '', version: 'v1', resource: 'pods' }, ns));
  const abort = new AbortController();
  const serve = (pod: PodView) => {
    const ip = pod.status?.podIP;
    if (!ip || servers.has(ip)) return;
    const server = createServer((_req, res) =>
      res.end(`Hello, world!\nVersion: 1.0.0\nHostname: ${pod.metadata.name}\n`),
    );
    servers.set(ip, server);
    listening(server, containerPort, ip).catch(() => servers.delete(ip));
  };
  informer.addHandlers({ add: serve, update: (_old, pod) => serve(pod) });
  informer.run(abort.signal);
  return {
    stop() {
      abort.abort();
      for (const server of servers.values()) {
        server.close();
        server.closeAllConnections();
      }
    },
  };
}

function answersAt(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, ip, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The service proxy's part for one Service port: each connection to the next ready endpoint, piped both ways. */
async function startStandInProxy(client: KubeClient, service: string, ip: string, port: number) {
  const slices = client.resource<SliceView>(
    { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
    ns,
  );
  let next = 0;
  const server = createTcpServer((socket) => {
    socket.on('error', () => socket.destroy());
    slices.list({ labelSelector: `kubernetes.io/service-name=${service}` }).then(
      (list) => {
        const ready = list.items.flatMap((s) =>
          (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).map((e) => e.addresses[0] ?? ''),
        );
        const target = ready[next++ % Math.max(1, ready.length)];
        if (!target) {
          socket.destroy();
          return;
        }
        const upstream = connect(containerPort, target);
        upstream.on('error', () => socket.destroy());
        socket.pipe(upstream).pipe(socket);
      },
      () => socket.destroy(),
    );
  });
  await listening(server, port, ip);
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let tc: TestCluster;
let client: KubeClient;
let kubelet: FakeKubelet;
let containers: ReturnType<typeof startStandInContainers>;
let proxy: Awaited<ReturnType<typeof startStandInProxy>> | undefined;
let dashboard: RunningDashboard;
let context: BrowserContext;
let page: Page;
let profile: string;

interface PodCard {
  name: string;
  ip: string;
}

const isIp = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s);

/** Name and IP of every pod card that is not fading out. */
const livePods = (): Promise<PodCard[]> =>
  page.locator('[data-testid=pod]:not([data-leaving])').evaluateAll((els) =>
    els.map((e) => ({
      name: e.getAttribute('data-name') ?? '',
      ip: e.querySelector('[data-testid=pod-ip]')?.textContent?.trim() ?? '',
    })),
  );

function waitForPods(count: number, timeout: number): Promise<PodCard[]> {
  return until(
    `${count} pods with IPs`,
    async () => {
      const pods = await livePods();
      return pods.length === count && pods.every((p) => isIp(p.ip)) && pods;
    },
    timeout,
  );
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath} (apt-get install -y chromium)`);
  tc = await startTestCluster({ name: 'dashboard', nodeAgent: false });
  client = httpsClient({
    server: tc.cluster.url,
    caPem: tc.pki.caCertPem,
    token: tc.pki.adminToken,
    fieldManager: 'e2e',
  });
  kubelet = startFakeKubelet(client, { readyDelayMs: 100 });
  containers = startStandInContainers(client);
  for (const file of ['00-namespace.yaml', '10-deployment.yaml', '20-service.yaml', '30-ingress.yaml']) {
    const r = await tc.kubectl('1.33', ['apply', '-f', join(examples, file)]);
    assert.equal(r.code, 0, `apply ${file}: ${r.stderr}`);
  }
  const slices = client.resource<SliceView>(
    { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
    ns,
  );
  await until(
    'three ready endpoints',
    async () => {
      const list = await slices.list({ labelSelector: 'kubernetes.io/service-name=hello-service' });
      const ready = list.items.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false));
      return ready.length === 3;
    },
    30_000,
  );
  const svc = await client
    .resource<KubeObject & { spec?: { clusterIP?: string } }>({ group: '', version: 'v1', resource: 'services' }, ns)
    .get('hello-service');
  const clusterIP = svc.spec?.clusterIP ?? '';
  if (!(await answersAt(clusterIP, 80))) proxy = await startStandInProxy(client, 'hello-service', clusterIP, 80);
  dashboard = await startDashboard({
    client: client.withFieldManager('kubeling-dashboard'),
    host: '127.0.0.1',
    port: 0,
  });
  profile = mkdtempSync(join(tmpdir(), 'kubeling-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(dashboard.url);
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await dashboard?.stop();
  await proxy?.stop();
  containers?.stop();
  kubelet?.stop();
  client?.close?.();
  await tc?.stop();
});

describe('dashboard in Chromium', () => {
  it('draws the seed: Ingress → Service → 3 pods with their IPs ← ReplicaSet ← Deployment', async () => {
    const pods = await waitForPods(3, 30_000);
    assert.equal(new Set(pods.map((p) => p.ip)).size, 3, 'three distinct pod IPs');
    const service = page.locator('[data-testid=service][data-name=hello-service]');
    await service.locator('[data-testid=endpoint]').nth(2).waitFor();
    const endpoints = await service.locator('[data-testid=endpoint]').allTextContents();
    assert.deepEqual(endpoints.sort(), pods.map((p) => p.ip).sort(), 'the Service lists the pods as its endpoints');
    assert.match((await service.textContent()) ?? '', /ClusterIP[\s\S]*127\.96\.[\s\S]*app=hello/);
    await page.locator('[data-testid=ingress][data-name=hello]').waitFor();
    await page.locator('[data-testid=replicaset] [data-testid=rs-desired]', { hasText: '3' }).waitFor();
    assert.match(
      (await page.locator('[data-testid=deployment][data-name=hello]').textContent()) ?? '',
      /RollingUpdate/,
    );
    assert.equal(await page.locator('svg.edges .edge.endpoint').count(), 3, 'three Service → Pod traffic edges');
    assert.equal(
      await page.locator('svg.edges .edge.owns').count(),
      4,
      'Deployment → ReplicaSet and ReplicaSet → 3 pods',
    );
    assert.equal(await page.url().includes('token='), false, 'the token is taken out of the address bar');
  });

  it('counts requests per pod while the traffic generator runs', async () => {
    const total = async () =>
      Number(await page.locator('[data-testid=service][data-name=hello-service]').getAttribute('data-total'));
    await page.locator('[data-testid=traffic-toggle]').click();
    const rates = () =>
      page.locator('[data-testid=pod-rate]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rate'))));
    await until('a pod with requests per second', async () => (await rates()).some((r) => r > 0), 10_000);
    assert.ok((await page.locator('svg.edges .pulse').count()) > 0, 'dots move along the traffic edges');
    const first = await total();
    await page.waitForTimeout(1500);
    assert.ok((await total()) > first, 'the counters move');
    const update = !existsSync(screenshot) || process.env.KUBELING_UPDATE_SCREENSHOTS;
    await page.screenshot({
      path: update ? screenshot : join(profile, 'dashboard.png'),
      clip: { x: 0, y: 0, width: 1600, height: 520 },
    });
    await page.locator('[data-testid=traffic-toggle]').click();
    await page.locator('[data-testid=traffic-toggle][aria-pressed=false]').waitFor();
  });

  it('deleting a pod: it fades out and a replacement with another IP appears within 5 s', async () => {
    const before = await livePods();
    const victim = before[0];
    assert.ok(victim);
    const started = Date.now();
    await page.locator(`[data-testid=pod][data-name="${victim.name}"] [data-testid=delete-pod]`).click();
    const oldIps = before.map((p) => p.ip);
    await until(
      'the pod gone and a replacement with a new IP',
      async () => {
        const pods = await livePods();
        const fresh = pods.filter((p) => !oldIps.includes(p.ip) && isIp(p.ip));
        return pods.length === 3 && !pods.some((p) => p.name === victim.name) && fresh.length === 1;
      },
      5000,
    );
    assert.ok(Date.now() - started <= 5000);
    const endpoints = await page.locator('[data-testid=service] [data-testid=endpoint]').allTextContents();
    assert.ok(!endpoints.includes(victim.ip), 'the deleted pod left the Service endpoints');
    assert.equal(
      await page.locator('[data-testid=result-command]').textContent(),
      `kubectl delete pod ${victim.name} -n ${ns}`,
    );
  });

  it('shows YAML, events and (or why not) logs of a pod, from the keyboard', async () => {
    const [pod] = await livePods();
    assert.ok(pod);
    await page.locator(`[data-testid=pod][data-name="${pod.name}"] .title`).focus();
    await page.keyboard.press('Enter');
    const details = page.locator('[data-testid=details]');
    await details.locator('pre.yaml', { hasText: `name: ${pod.name}` }).waitFor();
    await details.getByRole('tab', { name: /Events/ }).click();
    await details.getByText(`kubectl events --for pod/${pod.name} -n ${ns}`).waitFor();
    await details.getByRole('tab', { name: 'Logs' }).click();
    await details.locator('pre.logs, [data-testid=logs-unavailable]').first().waitFor();
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await until(
      'focus back on the pod',
      async () => (await page.evaluate('document.activeElement.id')) === `title-pods/${pod.name}`,
      2000,
    );
  });

  it('scales the Deployment to 5, showing the kubectl command', async () => {
    await page.locator('[data-testid=deployment][data-name=hello] .title').click();
    await page.getByRole('spinbutton', { name: 'Replicas' }).fill('5');
    const shown = await page.locator('[data-testid=details] form [data-testid=action-command]').textContent();
    assert.equal(shown, `kubectl scale deployment/hello --replicas=5 -n ${ns}`);
    await page.getByRole('button', { name: 'Scale' }).click();
    await page.locator('[data-testid=result-command]', { hasText: '--replicas=5' }).waitFor();
    assert.equal(await page.locator('[data-testid=result-command]').textContent(), shown);
    await waitForPods(5, 15_000);
  });

  it('draws 100 pods without long main-thread stalls', async (t) => {
    // Runs in the page (a string: this project's type-check has no DOM library).
    await page.evaluate(`globalThis.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.longest = Math.max(globalThis.longest, e.duration);
      }).observe({ type: 'longtask' });`);
    await page.getByRole('spinbutton', { name: 'Replicas' }).fill('100');
    await page.getByRole('button', { name: 'Scale' }).click();
    await waitForPods(100, 90_000);
    const longest = Number(await page.evaluate('globalThis.longest'));
    assert.ok(longest < 500, `longest main-thread task ${longest} ms`);
    t.diagnostic(`longest main-thread task while 100 pods appeared: ${longest} ms`);
  });
});
