/** The lab's steps: the observations of the seed (`level-3-services.md`), each checked against the running cluster. */
import { spawn } from 'node:child_process';
import { readSeedState, seed } from '../scenario/seed-state.js';
import { helloRequest, startTraffic } from '../scenario/traffic.js';
import type { LabContext, LabStep, StepResult } from './lab-context.js';

const ns = seed.namespace;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (ctx: LabContext, en: string, nl: string) => (ctx.lang === 'nl' ? nl : en);

async function readyPods(ctx: LabContext, want = 3, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readSeedState(ctx.client);
    const ready = state.pods.filter((p) => p.ready && !p.terminating && p.ip);
    if (ready.length >= want && state.readyEndpoints.length >= want) return { state, ready };
    if (Date.now() > deadline) return { state, ready };
    await sleep(200);
  }
}

async function deletePod(ctx: LabContext, name: string): Promise<void> {
  await ctx.client.resource({ group: '', version: 'v1', resource: 'pods' }, ns).delete(name);
}

/** Deletes a pod while new connections keep going through `target`; counts failures. */
async function deleteUnderTraffic(ctx: LabContext, pod: string, targets: { host: string; port: number }[]) {
  const generators = targets.map((t) => startTraffic(() => t, 20));
  await sleep(500);
  const t0 = Date.now();
  await deletePod(ctx, pod);
  let goneAfterMs: number | undefined;
  const ip = (await readSeedState(ctx.client)).pods.find((p) => p.name === pod)?.ip;
  while (Date.now() - t0 < 10_000) {
    const state = await readSeedState(ctx.client);
    if (!ip || !state.readyEndpoints.includes(ip)) {
      goneAfterMs = Date.now() - t0;
      break;
    }
    await sleep(10);
  }
  await sleep(2000);
  for (const g of generators) g.stop();
  const sent = generators.reduce((n, g) => n + g.counts.sent, 0);
  const failed = generators.reduce((n, g) => n + g.counts.failures, 0);
  return { goneAfterMs, sent, failed, lastError: generators.find((g) => g.counts.lastError)?.counts.lastError };
}

export const labSteps: LabStep[] = [
  {
    id: 'pod-ips',
    observation: {
      en: 'Every Pod has its own, temporary IP address',
      nl: 'Elke Pod heeft een eigen, tijdelijk IP-adres',
    },
    explain: {
      en: 'The Deployment keeps 3 pods of hello-app alive through a ReplicaSet. Each pod gets an IP of its own.',
      nl: 'De Deployment houdt via een ReplicaSet 3 Pods van hello-app in leven. Elke Pod krijgt een eigen IP.',
    },
    command: () => ['-n', ns, 'get', 'pods', '-l', seed.selector, '-o', 'wide'],
    runsKubectl: true,
    async check(ctx): Promise<StepResult> {
      const { ready } = await readyPods(ctx);
      const ips = ready.map((p) => p.ip);
      ctx.memory.set('ips', new Set(ips));
      const ok = ready.length >= 3 && new Set(ips).size === ips.length;
      return {
        ok,
        detail: say(
          ctx,
          `${ready.length} ready pods, IPs ${ips.join(', ')}`,
          `${ready.length} Pods klaar, IP's ${ips.join(', ')}`,
        ),
      };
    },
  },
  {
    id: 'cluster-ip',
    observation: { en: 'The Service gets one stable ClusterIP', nl: 'De Service krijgt één stabiel ClusterIP' },
    explain: {
      en: 'hello-service (type ClusterIP) selects pods only by the label app=hello.',
      nl: 'hello-service (type ClusterIP) selecteert Pods uitsluitend op het label app=hello.',
    },
    command: () => ['-n', ns, 'get', 'service', seed.service, '-o', 'wide'],
    runsKubectl: true,
    async check(ctx) {
      const state = await readSeedState(ctx.client);
      ctx.memory.set('clusterIP', state.clusterIP);
      ctx.memory.set('port', state.servicePort);
      const ok = Boolean(state.clusterIP) && state.clusterIP !== 'None';
      return { ok, detail: `ClusterIP ${state.clusterIP ?? '<none>'}:${state.servicePort ?? '?'}` };
    },
  },
  {
    id: 'spread',
    observation: {
      en: 'Traffic is spread automatically over the available Pods',
      nl: 'Verkeer wordt automatisch verdeeld over beschikbare Pods',
    },
    explain: {
      en: '30 requests through the ClusterIP, each on a new connection; hello-app answers with its pod name.',
      nl: '30 verzoeken via het ClusterIP, elk over een nieuwe verbinding; hello-app antwoordt met zijn Pod-naam.',
    },
    command: (ctx) => [
      'curl',
      `http://${String(ctx.memory.get('clusterIP'))}:${String(ctx.memory.get('port'))}/`,
      '# ×30',
    ],
    runsKubectl: false,
    async check(ctx) {
      const host = String(ctx.memory.get('clusterIP'));
      const port = Number(ctx.memory.get('port'));
      const per = new Map<string, number>();
      let failed = 0;
      for (let i = 0; i < 30; i++) {
        try {
          const pod = await helloRequest(host, port);
          per.set(pod, (per.get(pod) ?? 0) + 1);
        } catch {
          failed++;
        }
      }
      const detail = [...per].map(([p, n]) => `${p}: ${n}`).join(', ');
      return { ok: per.size >= 3 && failed === 0, detail: `${detail}${failed ? `; ${failed} failed` : ''}` };
    },
  },
  {
    id: 'delete-pod',
    observation: {
      en: 'A deleted Pod leaves the Service, the Service stays, and traffic goes to the other Pods',
      nl: 'Een verwijderde Pod verdwijnt uit de Service, de Service blijft bestaan en verkeer gaat naar de andere Pods',
    },
    explain: {
      en: 'A client keeps opening new connections to the ClusterIP while one pod is deleted.',
      nl: 'Een client blijft nieuwe verbindingen openen naar het ClusterIP terwijl één Pod wordt verwijderd.',
    },
    command: (ctx) => ['-n', ns, 'delete', 'pod', String(ctx.memory.get('victim') ?? '<pod>')],
    runsKubectl: false,
    async check(ctx) {
      const before = await readSeedState(ctx.client);
      const victim = before.pods.find((p) => p.ready && !p.terminating);
      if (!victim) return { ok: false, detail: 'no ready pod' };
      ctx.memory.set('victim', victim.name);
      ctx.out(`$ kubectl -n ${ns} delete pod ${victim.name}`);
      const host = String(ctx.memory.get('clusterIP'));
      const port = Number(ctx.memory.get('port'));
      const r = await deleteUnderTraffic(ctx, victim.name, [{ host, port }]);
      const after = await readSeedState(ctx.client);
      const stable = after.clusterIP === before.clusterIP;
      const ok = r.goneAfterMs !== undefined && stable && r.failed === 0;
      return {
        ok,
        detail: say(
          ctx,
          `${victim.name} left the endpoints after ${r.goneAfterMs ?? '>10000'} ms; ClusterIP ${stable ? 'unchanged' : 'CHANGED'}; ${r.sent} requests, ${r.failed} failed`,
          `${victim.name} verdween na ${r.goneAfterMs ?? '>10000'} ms uit de endpoints; ClusterIP ${stable ? 'ongewijzigd' : 'GEWIJZIGD'}; ${r.sent} verzoeken, ${r.failed} mislukt`,
        ),
      };
    },
  },
  {
    id: 'replacement',
    observation: {
      en: 'The ReplicaSet creates a new Pod automatically, with a new IP',
      nl: 'De ReplicaSet maakt automatisch een nieuwe Pod aan, met een nieuw IP',
    },
    explain: {
      en: 'Nobody did anything: the ReplicaSet noticed a pod was missing.',
      nl: 'Niemand deed iets: de ReplicaSet zag dat er een Pod ontbrak.',
    },
    command: () => ['-n', ns, 'get', 'pods', '-l', seed.selector, '-o', 'wide'],
    runsKubectl: true,
    async check(ctx) {
      const { ready } = await readyPods(ctx);
      const known = (ctx.memory.get('ips') as Set<string> | undefined) ?? new Set<string>();
      const fresh = ready.filter((p) => !known.has(p.ip));
      return {
        ok: ready.length >= 3 && fresh.length >= 1,
        detail: fresh.map((p) => `${p.name} ${p.ip}`).join(', ') || say(ctx, 'no new pod', 'geen nieuwe Pod'),
      };
    },
  },
  {
    id: 'port-forward',
    observation: {
      en: 'kubectl port-forward drops when its Pod is deleted (it is a temporary connection to one Pod)',
      nl: 'kubectl port-forward valt weg als zijn Pod wordt verwijderd (het is een tijdelijke verbinding met één Pod)',
    },
    explain: {
      en: 'kubectl picks one pod behind the Service and forwards to it; the Service is not involved.',
      nl: 'kubectl kiest één Pod achter de Service en stuurt daarheen door; de Service doet niet mee.',
    },
    command: () => ['-n', ns, 'port-forward', `svc/${seed.service}`, '18080:80'],
    runsKubectl: false,
    async check(ctx) {
      if (!ctx.kubectl) {
        return {
          ok: true,
          skipped: true,
          detail: say(ctx, 'kubectl is not installed: skipped', 'kubectl is niet geïnstalleerd: overgeslagen'),
        };
      }
      const child = spawn(
        ctx.kubectl,
        [...ctx.kubectlTarget, '-n', ns, 'port-forward', `svc/${seed.service}`, '18080:80'],
        {
          env: ctx.kubectlEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
      try {
        let pod: string | undefined;
        for (let i = 0; i < 50 && !pod; i++) {
          pod = await helloRequest('127.0.0.1', 18080).catch(() => undefined);
          if (!pod) await sleep(100);
        }
        if (!pod) return { ok: false, detail: `port-forward did not serve: ${stderr.trim()}` };
        ctx.out(`$ kubectl -n ${ns} delete pod ${pod}`);
        await deletePod(ctx, pod);
        const code = await Promise.race([exited, sleep(15_000).then(() => -1)]);
        const lost = /lost connection to pod|error/i.test(stderr);
        return {
          ok: code === 1,
          detail: say(
            ctx,
            `forwarded to ${pod}; after deleting it kubectl exited with code ${code}${lost ? ` (${stderr.trim().split('\n').pop()})` : ''}`,
            `doorgestuurd naar ${pod}; na verwijderen stopte kubectl met code ${code}${lost ? ` (${stderr.trim().split('\n').pop()})` : ''}`,
          ),
        };
      } finally {
        if (child.exitCode === null) child.kill('SIGTERM');
      }
    },
  },
  {
    id: 'keeps-serving',
    observation: {
      en: 'Through the Service (kubeling port-forward svc/...) and the Ingress, traffic keeps flowing without interruption',
      nl: 'Via de Service (kubeling port-forward svc/...) en de Ingress blijft verkeer zonder onderbreking werken',
    },
    explain: {
      en: 'kubeling port-forward forwards to the Service, not to one pod; the Ingress routes to ready pods.',
      nl: 'kubeling port-forward stuurt door naar de Service, niet naar één Pod; de Ingress stuurt naar Pods die klaar zijn.',
    },
    command: () => ['kubeling', 'port-forward', `svc/${seed.service}`, '18081:80', '-n', ns],
    runsKubectl: false,
    async check(ctx) {
      await readyPods(ctx);
      const [cmd, ...args] = ctx.selfCommand;
      const child = spawn(
        cmd ?? 'kubeling',
        [...args, 'port-forward', `svc/${seed.service}`, '18081:80', '-n', ns, ...ctx.kubectlTarget],
        {
          env: ctx.kubectlEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        let ready = false;
        for (let i = 0; i < 50 && !ready; i++) {
          ready = Boolean(await helloRequest('127.0.0.1', 18081).catch(() => undefined));
          if (!ready) await sleep(100);
        }
        const targets = [{ host: '127.0.0.1', port: 18081 }];
        const ingress = ctx.ingressUrl ? new URL(ctx.ingressUrl) : undefined;
        if (ingress) targets.push({ host: ingress.hostname, port: Number(ingress.port || 80) });
        const victim = (await readSeedState(ctx.client)).pods.find((p) => p.ready && !p.terminating);
        if (!ready || !victim) return { ok: false, detail: 'kubeling port-forward did not serve' };
        ctx.out(`$ kubectl -n ${ns} delete pod ${victim.name}`);
        const r = await deleteUnderTraffic(ctx, victim.name, targets);
        return {
          ok: r.failed === 0 && r.sent > 0,
          detail: say(
            ctx,
            `${r.sent} requests through ${ingress ? 'kubeling port-forward and the Ingress' : 'kubeling port-forward'}, ${r.failed} failed`,
            `${r.sent} verzoeken via ${ingress ? 'kubeling port-forward en de Ingress' : 'kubeling port-forward'}, ${r.failed} mislukt`,
          ),
        };
      } finally {
        child.kill('SIGTERM');
      }
    },
  },
];
