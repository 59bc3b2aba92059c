/**
 * The node agent's registration loop (kubelet's `registerWithAPIServer`, `updateNodeStatus` and node lease
 * controller): registers the Node at start (or re-applies its default labels), then every interval posts the
 * status heartbeat through `nodes/{name}/status` and renews the Lease in `kube-node-lease`. Writes go out as
 * field manager `kubelet`; failures are logged and retried on the next beat.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { KUBERNETES_VERSION } from '../../api/version.js';
import type { ControllerContext, EventRecorder } from '../../client/framework-types.js';
import { isConflict, isNotFound } from '../../client/status-decode.js';
import type { ResourceClient } from '../../client/types.js';
import { type MachineInfo, readMachineInfo } from './machine-info.js';
import { microTime, nodeLease, nodeLeaseNamespace } from './node-lease.js';
import { type AgentInfo, heartbeatStatus, newNode, reconciledLabels } from './node-object.js';

export type NodeObject = Node & KubeObject;
export type LeaseObject = Lease & KubeObject;

export const kubeletFieldManager = 'kubelet';
const nodesResource = { group: '', version: 'v1', resource: 'nodes' };
const leasesResource = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

export interface NodeRegistrationOptions {
  /** Where pods' data lives; its filesystem is the node's ephemeral storage (default `/`). */
  dataDir?: string;
  /** Status heartbeat and lease renewal period (kubelet's 10 s by default). */
  intervalMs?: number;
  kubeletPort?: number;
  internalIP?: string;
  /** `containerRuntimeVersion`; defaults to `kubeling://<package version>`. */
  runtimeVersion?: string;
}

/** kubeling's version from package.json (three folders up from src/ and dist/ alike). */
async function packageVersion(): Promise<string> {
  try {
    const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Digits below the millisecond, for MicroTime. */
function subMillisecondMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000;
}

function wireTime(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export class NodeRegistration {
  private readonly nodes: ResourceClient<NodeObject>;
  private readonly leases: ResourceClient<LeaseObject>;
  private readonly recorder: EventRecorder;
  private readonly nodeName: string;
  private nodeUid: string | undefined;
  private lease: LeaseObject | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly machine: MachineInfo,
    private readonly agent: AgentInfo,
  ) {
    const client = ctx.client.withFieldManager(kubeletFieldManager);
    this.nodes = client.resource<NodeObject>(nodesResource);
    this.leases = client.resource<LeaseObject>(leasesResource, nodeLeaseNamespace);
    this.recorder = ctx.recorder(kubeletFieldManager);
    this.nodeName = ctx.nodeName;
  }

  /** kubelet's node reference: Events about the node carry the node name as uid. */
  private nodeEvent(reason: string, message: string): void {
    const ref: KubeObject = { kind: 'Node', metadata: { name: this.nodeName, uid: this.nodeName } };
    this.recorder.event(ref, 'Normal', reason, message);
  }

  private reportTransitions(transitions: readonly string[]): void {
    for (const t of transitions) this.nodeEvent(t, `Node ${this.nodeName} status is now: ${t}`);
  }

  /** kubelet's first Event on every start. */
  announceStart(): void {
    this.nodeEvent('Starting', 'Starting kubelet.');
  }

  /** Creates the Node, or re-applies the default labels of an existing one, then posts a heartbeat. */
  async register(): Promise<void> {
    let node: NodeObject;
    try {
      node = await this.nodes.get(this.nodeName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const { node: fresh, transitions } = newNode(this.nodeName, this.machine, this.agent, this.time());
      const created = await this.nodes.create(fresh as NodeObject);
      this.nodeUid = created.metadata.uid;
      this.reportTransitions(transitions);
      this.nodeEvent('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
      return;
    }
    this.nodeUid = node.metadata.uid;
    const labels = reconciledLabels(node.metadata.labels, this.nodeName, this.machine.architecture);
    if (labels) node = await this.nodes.patch(this.nodeName, 'merge', { metadata: { labels } });
    this.nodeEvent('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    await this.postStatus(node);
  }

  /** Posts the status heartbeat (one retry on a conflict); re-registers a Node that was deleted. */
  async heartbeat(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let node: NodeObject;
      try {
        node = await this.nodes.get(this.nodeName);
      } catch (err) {
        if (isNotFound(err)) return this.register();
        throw err;
      }
      try {
        return await this.postStatus(node);
      } catch (err) {
        if (!isConflict(err) || attempt > 0) throw err;
      }
    }
  }

  private async postStatus(node: NodeObject): Promise<void> {
    this.nodeUid = node.metadata.uid;
    const { status, transitions } = heartbeatStatus(node.status, this.nodeName, this.machine, this.agent, this.time());
    await this.nodes.updateStatus({ ...node, status });
    this.reportTransitions(transitions);
  }

  /** Renews the node Lease, creating it when missing. */
  async renewLease(): Promise<void> {
    const renewTime = microTime(this.ctx.now(), subMillisecondMicros());
    if (this.lease) {
      try {
        this.lease = await this.leases.update(
          nodeLease(this.nodeName, renewTime, undefined, this.lease) as LeaseObject,
        );
        return;
      } catch (err) {
        this.lease = undefined;
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
    try {
      const current = await this.leases.get(this.nodeName);
      this.lease = await this.leases.update(nodeLease(this.nodeName, renewTime, undefined, current) as LeaseObject);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.lease = await this.leases.create(nodeLease(this.nodeName, renewTime, this.nodeUid) as LeaseObject);
    }
  }

  private time(): string {
    return wireTime(this.ctx.now());
  }
}

/** Runs `fn`, logging instead of throwing. */
async function logged(ctx: ControllerContext, what: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (!ctx.signal.aborted) ctx.log.error(`${what} failed`, { node: ctx.nodeName, err });
    return false;
  }
}

/**
 * Registers the node before returning (a failure is logged and retried on each beat), then beats every
 * `intervalMs` until `ctx.signal` aborts.
 */
export async function runNodeRegistration(ctx: ControllerContext, options: NodeRegistrationOptions): Promise<void> {
  const machine = await readMachineInfo(options.dataDir);
  const agent: AgentInfo = {
    kubeletVersion: KUBERNETES_VERSION,
    runtimeVersion: options.runtimeVersion ?? `kubeling://${await packageVersion()}`,
    kubeletPort: options.kubeletPort ?? 10250,
    internalIP: options.internalIP ?? '127.0.0.1',
  };
  const registration = new NodeRegistration(ctx, machine, agent);
  const intervalMs = options.intervalMs ?? 10_000;
  registration.announceStart();
  let registered = await logged(ctx, 'node registration', () => registration.register());
  await logged(ctx, 'node lease renewal', () => registration.renewLease());
  void (async () => {
    while (!ctx.signal.aborted) {
      try {
        await sleep(intervalMs, undefined, { signal: ctx.signal });
      } catch {
        return;
      }
      if (!registered) registered = await logged(ctx, 'node registration', () => registration.register());
      else await logged(ctx, 'node status update', () => registration.heartbeat());
      await logged(ctx, 'node lease renewal', () => registration.renewLease());
    }
  })();
}
