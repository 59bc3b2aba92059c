/**
 * The seed scenario of `kubeling start`: apply examples/level-3-services, wait until the Deployment's pods are ready
 * and behind the Service, print where everything is, then show the live view until stopped.
 */
import { fileURLToPath } from 'node:url';
import type { KubeClient } from '../../client/types.js';
import { describeChange, renderView } from './live-view.js';
import { applyObjects, readManifests } from './manifests.js';
import { readSeedState, type SeedState, seed } from './seed-state.js';
import { startTraffic } from './traffic.js';

export const examplesDir = fileURLToPath(new URL('../../../examples/level-3-services/', import.meta.url));

export interface ScenarioIO {
  out(text: string): void;
  /** Redraws the whole screen (TTY); undefined for line output. */
  redraw?: (text: string) => void;
}

export interface ScenarioInfo {
  context: string;
  dashboardUrl?: string;
  ingressUrl?: string;
}

async function waitForSeed(
  client: KubeClient,
  io: ScenarioIO,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<SeedState> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const state = await readSeedState(client);
    const ready = state.pods.filter((p) => p.ready && !p.terminating).length;
    const line = `waiting: ${ready}/3 pods ready, ${state.readyEndpoints.length} endpoints behind hello-service`;
    if (line !== last) io.out(line);
    last = line;
    if (ready >= 3 && state.readyEndpoints.length >= 3 && state.clusterIP) return state;
    if (signal.aborted) throw new Error('stopped');
    if (Date.now() > deadline) throw new Error(`the seed scenario was not ready after ${timeoutMs / 1000} s (${line})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runSeedScenario(
  client: KubeClient,
  io: ScenarioIO,
  info: ScenarioInfo,
  signal: AbortSignal,
): Promise<void> {
  for (const line of await applyObjects(client, await readManifests(examplesDir))) io.out(line);
  const state = await waitForSeed(client, io, signal, 120_000);
  io.out('');
  io.out(`The seed scenario runs (namespace ${seed.namespace}):`);
  io.out(`  Service hello-service: ClusterIP ${state.clusterIP}, port ${state.servicePort} → pods on 8080`);
  io.out(`  try: curl http://${state.clusterIP}:${state.servicePort}/   (answers from a different pod each time)`);
  if (info.ingressUrl) io.out(`  Ingress: ${info.ingressUrl}`);
  if (info.dashboardUrl) io.out(`  Dashboard: ${info.dashboardUrl}`);
  io.out(`  kubectl context: ${info.context}`);
  io.out('  next: kubectl -n dev get pods -o wide');
  io.out('        kubectl -n dev delete pod <name>     # watch it leave the Service and a replacement join');
  io.out('        kubeling lab services                 # the guided lab');
  io.out('');
  const target = { host: state.clusterIP ?? '', port: state.servicePort ?? 80 };
  const traffic = startTraffic(() => target, 200);
  let previous: SeedState | undefined = state;
  // Without a terminal: the whole view once, then a line per change and a traffic line every 10 s.
  if (!io.redraw) io.out(renderView(state, traffic.counts, new Date()));
  let lastSummary = Date.now();
  try {
    while (!signal.aborted) {
      const next = await readSeedState(client).catch(() => previous);
      if (next) {
        if (io.redraw) io.redraw(renderView(next, traffic.counts, new Date()));
        else for (const line of describeChange(previous, next)) io.out(line);
        previous = next;
      }
      if (!io.redraw && Date.now() - lastSummary >= 10_000) {
        lastSummary = Date.now();
        const perPod = [...traffic.counts.perPod].map(([pod, n]) => `${pod} ${n}`).join(', ');
        io.out(`traffic: ${perPod || 'none yet'}; ${traffic.counts.failures} failed`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    traffic.stop();
  }
}
