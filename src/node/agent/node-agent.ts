/**
 * The node agent (kubeling's kubelet): watches the pods bound to `ctx.nodeName` (field selector
 * `spec.nodeName`) and runs one PodWorker per pod uid. It waits for the Services to sync first (their
 * environment variables), removes what pods deleted while kubeling was down left on disk, and on shutdown stops
 * its workers without killing anything: the lead shuts the process runtime down after the components.
 */
import { readdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Node, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { waitForDataplaneDrain } from '../../client/dataplane-sync.js';
import type { Controller, ControllerContext } from '../../client/framework-types.js';
import { SharedInformer } from '../../client/informer.js';
import { isNotFound } from '../../client/status-decode.js';
import type { KubeClient } from '../../client/types.js';
import type { LogStore } from '../logs/index.js';
import type { ImageResolver, KubeletEndpoints, ProbeRunner, ProcessRuntime } from '../node-types.js';
import { createProbeManager, type ProbeManager, runProbe } from '../probes/index.js';
import { type AgentContext, type PodObject, podEvent } from './agent-context.js';
import type { EnvSources } from './env/container-env.js';
import { withFieldSelector } from './field-selected.js';
import { createKubeletEndpoints, type PodLookup } from './kubelet-endpoints.js';
import { PodIPAllocator } from './pod-ip-allocator.js';
import { removePodDir } from './pod-sandbox.js';
import { PodWorker } from './pod-worker.js';
import { RestartBackoff } from './restart-backoff.js';

export const kubeletFieldManager = 'kubelet';
const podsGvr = { group: '', version: 'v1', resource: 'pods' };
const servicesGvr = { group: '', version: 'v1', resource: 'services' };
const nodesGvr = { group: '', version: 'v1', resource: 'nodes' };

export interface NodeAgentOptions {
  /** Pods' volumes and container directories live under `<dataDir>/pods/<uid>`. */
  dataDir: string;
  images: ImageResolver;
  runtime: ProcessRuntime;
  logs: LogStore;
  /** Runs one probe attempt (default: the probes' `runProbe`). */
  probes?: ProbeRunner;
  /** CrashLoopBackOff and ImagePullBackOff (Kubernetes: 10 s doubling up to 300 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** How long a released pod IP is kept back (default 60 s). */
  ipQuarantineMs?: number;
}

/** The agent's controller, with the kubelet endpoints the API server serves `pods/log` through. */
export type NodeAgent = Controller & { readonly endpoints: KubeletEndpoints };

function apiSources(client: KubeClient): EnvSources {
  const read = async <T>(resource: string, namespace: string, name: string): Promise<T | undefined> => {
    try {
      return (await client.resource({ group: '', version: 'v1', resource }, namespace).get(name)) as T;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  return {
    configMap: (ns, name) => read<ConfigMap>('configmaps', ns, name),
    secret: (ns, name) => read<Secret>('secrets', ns, name),
  };
}

class Agent implements PodLookup {
  private readonly workers = new Map<string, PodWorker>();
  /** namespace/name → uid of the pod's current worker. */
  private readonly byName = new Map<string, string>();
  private allocatable: Record<string, string> = { cpu: String(cpus().length), memory: String(totalmem()) };

  constructor(
    readonly ctx: AgentContext,
    private readonly controller: ControllerContext,
  ) {}

  find(namespace: string, name: string) {
    const worker = this.workers.get(this.byName.get(`${namespace}/${name}`) ?? '');
    if (!worker) return undefined;
    const status = worker.computeStatus(worker.pod, false);
    const pod = { ...worker.pod, status } as unknown as PodObject;
    return { pod, record: (c: string) => worker.record(c) };
  }

  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  onPod(pod: PodObject): void {
    if (pod.spec?.nodeName !== this.controller.nodeName) return;
    const uid = pod.metadata.uid ?? '';
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    const previous = this.byName.get(key);
    if (previous !== undefined && previous !== uid) this.workers.get(previous)?.remove();
    this.byName.set(key, uid);
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const worker = new PodWorker(this.ctx, pod, (w) => this.forget(w));
    this.workers.set(uid, worker);
  }

  onPodDeleted(pod: PodObject): void {
    this.workers.get(pod.metadata.uid ?? '')?.remove();
  }

  private forget(worker: PodWorker): void {
    this.workers.delete(worker.uid);
    const key = `${worker.pod.metadata.namespace ?? ''}/${worker.pod.metadata.name ?? ''}`;
    if (this.byName.get(key) === worker.uid) this.byName.delete(key);
  }

  nodeAllocatable(): Record<string, string> {
    return this.allocatable;
  }

  async refreshAllocatable(client: KubeClient): Promise<void> {
    try {
      const node = (await client.resource(nodesGvr).get(this.controller.nodeName)) as Node & KubeObject;
      const a = node.status?.allocatable;
      if (a) this.allocatable = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, String(v)]));
    } catch {
      // keep the machine's totals
    }
  }

  /** Pod directories and logs of pods that no longer exist (deleted while kubeling was down). */
  async removeLeftovers(known: ReadonlySet<string>): Promise<void> {
    const podsDir = join(this.ctx.dataDir, 'pods');
    for (const uid of await readdir(podsDir).catch(() => [] as string[])) {
      if (!known.has(uid)) await removePodDir(this.ctx, uid);
    }
    for (const ref of this.ctx.logs.listPods()) if (!known.has(ref.uid)) await this.ctx.logs.removePod(ref);
  }

  stop(): void {
    for (const w of this.workers.values()) w.stop();
    this.workers.clear();
    this.byName.clear();
  }
}

/**
 * Creates the node agent. Wiring: run it as a controller with its own in-process client (field manager
 * `kubelet`), hand `agent.endpoints` to the API server's `pods/log` handler, and call `runtime.shutdown()` after
 * the components stopped.
 */
export function createNodeAgent(options: NodeAgentOptions): NodeAgent {
  let running: Agent | undefined;
  const controller: Controller = async (ctx) => {
    const client = ctx.client.withFieldManager(kubeletFieldManager);
    const recorder = ctx.recorder(kubeletFieldManager);
    const services = ctx.informers.informer<Service & KubeObject>(servicesGvr);
    let agent: Agent | undefined;
    const probes: ProbeManager = createProbeManager({
      runner: options.probes ?? runProbe,
      onResult(update) {
        const worker = agent?.worker(update.podUid);
        if (!worker) return;
        if (update.result === 'failure' && (update.kind === 'liveness' || update.kind === 'startup')) {
          worker.livenessFailed(update.container, update.kind, update.terminationGracePeriodSeconds);
        } else if (update.changed) {
          worker.kick();
        }
      },
      onEvent(event) {
        const worker = agent?.worker(event.podUid);
        if (worker) podEvent(worker.ctx, worker.pod, event.type, event.reason, event.message);
      },
    });
    const backoff = options.backoff ?? { initialMs: 10_000, maxMs: 300_000 };
    const agentCtx: AgentContext = {
      client,
      recorder,
      images: options.images,
      runtime: options.runtime,
      logs: options.logs,
      probes,
      ips: new PodIPAllocator(options.ipQuarantineMs !== undefined ? { quarantineMs: options.ipQuarantineMs } : {}),
      restartBackoff: new RestartBackoff(backoff),
      imageBackoff: new RestartBackoff(backoff),
      dataDir: options.dataDir,
      log: ctx.log,
      now: () => ctx.now(),
      services: () => services.list(),
      nodeAllocatable: () => agent?.nodeAllocatable() ?? {},
      envSources: apiSources(client),
      pulledImages: new Set(),
      drain: async (pod, timeoutMs) => {
        await waitForDataplaneDrain(
          client,
          { uid: pod.metadata.uid ?? '', namespace: pod.metadata.namespace ?? '' },
          timeoutMs,
        );
      },
    };
    agent = new Agent(agentCtx, ctx);
    const current = agent;
    const pods = new SharedInformer<PodObject>(
      withFieldSelector(client.resource<PodObject>(podsGvr), `spec.nodeName=${ctx.nodeName}`),
      { log: ctx.log },
    );
    await services.waitForSync(ctx.signal);
    await current.refreshAllocatable(client);
    pods.addHandlers({
      add: (pod) => current.onPod(pod),
      update: (_old, pod) => current.onPod(pod),
      delete: (pod) => current.onPodDeleted(pod),
    });
    pods.run(ctx.signal);
    await pods.waitForSync(ctx.signal);
    await current.removeLeftovers(new Set(pods.list().map((p) => p.metadata.uid ?? '')));
    running = current;
    ctx.signal.addEventListener(
      'abort',
      () => {
        current.stop();
        probes.stop();
        if (running === current) running = undefined;
      },
      { once: true },
    );
  };
  const endpoints = createKubeletEndpoints(() => running, options.logs);
  return Object.assign(controller, { endpoints });
}
