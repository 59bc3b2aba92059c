/**
 * Where `kubeling port-forward` sends each new local connection. A Service goes to its ClusterIP: the service
 * proxy listens there and balances over the ready endpoints, so pods can come and go. Pods, Deployments and
 * ReplicaSets (and headless Services) go through the API server's port-forward to a ready pod, chosen again for
 * each new connection once the previous one is gone.
 */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { LabelSelectorMatcher } from '../../api/labels/index.js';
import type { KubeObject } from '../../api/object.js';
import { SharedInformer } from '../../client/informer.js';
import type { KubeconfigAccess } from '../../client/kubeconfig-client.js';
import type { KubeClient } from '../../client/types.js';
import { FailoverConnection } from './failover-connection.js';
import { choosePod, isReady, podPort } from './pod-choice.js';
import { openPodTunnel } from './pod-tunnel.js';

export interface Route {
  /** What `-> X` shows for a remote port in `Forwarding from ... -> X`. */
  label(remote: string): string;
  /** A connection to the remote port, for one local connection. */
  dial(remote: string): Promise<Duplex>;
  close(): void;
}

/** A Service port given as a number or a name. */
export function servicePort(service: Service, remote: string): number | undefined {
  const ports = service.spec?.ports ?? [];
  const match = /^\d+$/.test(remote)
    ? ports.find((p) => p.port === Number(remote))
    : ports.find((p) => p.name === remote);
  return match?.port;
}

function dialTcp(host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `dial tcp ${host}:${port}: ${err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}`,
        ),
      ),
    );
  });
}

/** Through the service proxy on the ClusterIP. */
export function serviceRoute(service: Service): Route {
  const ip = service.spec?.clusterIP ?? '';
  return {
    label: (remote) => String(servicePort(service, remote) ?? remote),
    dial: (remote) => {
      const port = servicePort(service, remote);
      if (port === undefined) return Promise.reject(new Error(`service has no port ${remote}`));
      return dialTcp(ip, port);
    },
    close: () => {},
  };
}

export interface PodSelection {
  namespace: string;
  /** Shown in messages: `deploy/hello`. */
  describe: string;
  /** The pod to stay on while it is ready (pod/NAME). */
  initial?: string;
  /** Pods that may serve (the workload's selector, or the siblings of pod/NAME). */
  selector?: LabelSelectorMatcher;
  /** The pod port for a remote port (default: a number, or a container port name). */
  portFor?: (pod: Pod, remote: string) => number | undefined;
  /** How long a connection waits for a ready pod when there is none (a rollout's gap). */
  waitMs?: number;
}

/** Through the API server's port-forward, to a ready pod of the selection. */
export function podRoute(
  client: KubeClient,
  access: KubeconfigAccess,
  selection: PodSelection,
  notice: (line: string) => void,
): Route {
  const informer = new SharedInformer<KubeObject>(
    client.resource({ group: '', version: 'v1', resource: 'pods' }, selection.namespace),
  );
  const abort = new AbortController();
  informer.run(abort.signal);
  let current = selection.initial;
  const portFor = selection.portFor ?? podPort;
  const candidates = () =>
    (informer.list(selection.namespace) as unknown as Pod[]).filter(
      (p) => p.metadata?.name === selection.initial || (selection.selector?.matches(p.metadata?.labels ?? {}) ?? false),
    );
  const pick = async (avoid: ReadonlySet<string>): Promise<Pod> => {
    await informer.waitForSync(abort.signal);
    const deadline = Date.now() + (selection.waitMs ?? 30_000);
    for (;;) {
      const pod = choosePod(
        candidates().filter((p) => !avoid.has(p.metadata?.name ?? '')),
        current,
      );
      if (pod) return pod;
      if (Date.now() >= deadline) throw new Error(`no ready pod for ${selection.describe}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    label: (remote) => remote,
    async dial(remote) {
      // Pods that refused this connection: the upgrade (the API server knew sooner than our cache that the pod
      // is gone) or the dial inside the node. Another ready pod is tried instead.
      const refused = new Set<string>();
      const others = () => candidates().some((p) => isReady(p) && !refused.has(p.metadata?.name ?? ''));
      const open = async (): Promise<{ tunnel: Duplex; pod: string }> => {
        for (;;) {
          const pod = await pick(refused);
          const name = pod.metadata?.name ?? '';
          if (name !== current) {
            if (current) notice(`pod ${current} is gone: forwarding ${selection.describe} to pod ${name}`);
            current = name;
          }
          const port = portFor(pod, remote);
          if (port === undefined) throw new Error(`pod ${name} has no port ${remote}`);
          try {
            return { tunnel: await openPodTunnel(access, selection.namespace, name, port), pod: name };
          } catch (err) {
            refused.add(name);
            if (refused.size >= 3 || !others()) throw err;
          }
        }
      };
      let used = await open();
      return new FailoverConnection(used.tunnel, async (failure) => {
        refused.add(used.pod);
        if (refused.size >= 3 || !others()) throw failure;
        used = await open();
        return used.tunnel;
      });
    },
    close: () => abort.abort(),
  };
}
