/**
 * Test support for the node agent: an in-process API server (memory store) with the controllers, the scheduler,
 * the node registration and a real node agent (built-in images, the process runtime, the log store), plus
 * polling helpers. Everything lives in a temporary directory removed by `stop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { testApi } from '../../client/api-test-helpers.js';
import { inProcessClient } from '../../client/in-process-client.js';
import { silentLogger } from '../../client/logger.js';
import { type RunningControllers, startControllers } from '../../client/manager.js';
import type { KubeClient } from '../../client/types.js';
import { deploymentController } from '../../controllers/deployment/index.js';
import { endpointSliceController } from '../../controllers/endpointslice/index.js';
import { replicaSetController } from '../../controllers/replicaset/index.js';
import { scheduler } from '../../scheduler/index.js';
import { createImageResolver } from '../images/index.js';
import { createLogStore, type LogStore } from '../logs/index.js';
import { createNodeRegistration } from '../node-registration/index.js';
import { createProcessRuntime, type ProcessRuntimeHandle } from '../runtime/index.js';
import { createNodeAgent, type NodeAgent, type NodeAgentOptions } from './index.js';

export const nodeName = 'kubeling-test';
export const podsGvr = { group: '', version: 'v1', resource: 'pods' };
export type PodObject = Pod & KubeObject;

export interface AgentCluster {
  client: KubeClient;
  dir: string;
  agent: NodeAgent;
  runtime: ProcessRuntimeHandle;
  logs: LogStore;
  /** Stops the node agent and kills its processes (like a node going down), keeping the API and its data. */
  stopNode(): Promise<void>;
  /** Starts a new agent (and runtime) on the same data: a node reboot. */
  startNode(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAgentCluster(options: Partial<NodeAgentOptions> = {}): Promise<AgentCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-agent-'));
  const api = await testApi();
  const base = { nodeName, log: silentLogger };
  const controllers = await startControllers(
    { ...base, client: inProcessClient(api.handler, { fieldManager: 'kube-controller-manager' }) },
    [
      { name: 'deployment', start: deploymentController },
      { name: 'replicaset', start: replicaSetController },
      { name: 'endpointslice', start: endpointSliceController },
    ],
  );
  const sched = await startControllers(
    { ...base, client: inProcessClient(api.handler, { fieldManager: 'default-scheduler' }) },
    [{ name: 'scheduler', start: scheduler }],
  );
  const logs = createLogStore({ rootDir: join(dir, 'logs') });
  let node: RunningControllers | undefined;
  const cluster: AgentCluster = {
    client: api.client,
    dir,
    agent: undefined as unknown as NodeAgent,
    runtime: undefined as unknown as ProcessRuntimeHandle,
    logs,
    async startNode() {
      cluster.runtime = createProcessRuntime({ stateDir: join(dir, 'runtime'), shutdownGraceMs: 1000 });
      cluster.agent = createNodeAgent({
        dataDir: dir,
        images: createImageResolver(),
        runtime: cluster.runtime,
        logs,
        backoff: { initialMs: 300, maxMs: 1200 },
        ipQuarantineMs: 1000,
        ...options,
      });
      node = await startControllers({ ...base, client: inProcessClient(api.handler, { fieldManager: 'kubelet' }) }, [
        { name: 'node-registration', start: createNodeRegistration({ dataDir: dir }) },
        { name: 'node-agent', start: cluster.agent },
      ]);
    },
    async stopNode() {
      await node?.stop();
      await cluster.runtime.shutdown();
    },
    async stop() {
      await cluster.stopNode();
      await Promise.all([sched.stop(), controllers.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.startNode();
  return cluster;
}

/** Polls `probe` until it returns something truthy; fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function pods(client: KubeClient, namespace: string) {
  return client.resource<PodObject>(podsGvr, namespace);
}

/** A bare pod spec with one busybox container running `script`. */
export function shellPod(name: string, script: string, extra: Partial<NonNullable<Pod['spec']>> = {}): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }], ...extra },
  };
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The pod's events (reason: message), oldest first. */
export async function podEvents(client: KubeClient, namespace: string, name: string): Promise<string[]> {
  const list = await client.resource({ group: '', version: 'v1', resource: 'events' }, namespace).list();
  return (list.items as (KubeObject & { involvedObject?: { name?: string }; reason?: string; message?: string })[])
    .filter((e) => e.involvedObject?.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}
