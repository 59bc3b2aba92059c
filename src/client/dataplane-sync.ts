/**
 * The handshake that lets a pod stop only after every data-plane component (the service proxy, the ingress)
 * has stopped sending it new connections, through the API alone so it also holds across processes.
 *
 * Each data-plane component keeps a Lease `kube-system/kubeling-dataplane-<component>` (label
 * `kubeling.dev/dataplane: "true"`) whose annotation `kubeling.dev/synced-resource-version` is the newest
 * EndpointSlice resourceVersion whose state its routing applies, renewed as a heartbeat every 10 s. Before
 * SIGTERM, the node agent calls `waitForDataplaneDrain`: it waits until the pod's endpoint is not ready (or gone)
 * in every slice that lists it, takes the highest resourceVersion R of those slice states, then waits until every
 * live data-plane Lease reports synced ≥ R.
 *
 * Assumption: resourceVersions are kubeling's decimal store revisions (one global, increasing counter), so they
 * are compared as integers. Kubernetes itself declares them opaque; this shortcut is valid only against kubeling.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../api/object.js';
import type { Logger } from './framework-types.js';
import { isNotFound } from './status-decode.js';
import type { KubeClient, ResourceClient, WatchEvent, WatchHandle } from './types.js';

export const dataplaneLeaseNamespace = 'kube-system';
export const dataplaneLabel = 'kubeling.dev/dataplane';
export const syncedResourceVersionAnnotation = 'kubeling.dev/synced-resource-version';
/** A component that stops renewing is no longer waited for after this long. */
export const dataplaneLeaseDurationSeconds = 30;
export const dataplaneRenewIntervalMs = 10_000;

const gvrLeases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const gvrSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

type LeaseObject = Omit<Lease, 'metadata'> & KubeObject;
type SliceObject = Omit<EndpointSlice, 'metadata'> & KubeObject;

export function dataplaneLeaseName(component: string): string {
  return `kubeling-dataplane-${component}`;
}

/** A resourceVersion as a number to compare; anything not an integer counts as nothing synced. */
export function revisionOf(resourceVersion: string | undefined): bigint {
  return resourceVersion && /^\d+$/.test(resourceVersion) ? BigInt(resourceVersion) : -1n;
}

/** metav1.MicroTime's wire form (six fraction digits). */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Creates or updates the component's Lease: synced `resourceVersion`, renewed now. */
export async function publishDataplaneSync(
  client: KubeClient,
  component: string,
  resourceVersion: string,
): Promise<void> {
  const leases = client.resource<LeaseObject>(gvrLeases, dataplaneLeaseNamespace);
  const name = dataplaneLeaseName(component);
  const metadata = {
    labels: { [dataplaneLabel]: 'true' },
    annotations: { [syncedResourceVersionAnnotation]: resourceVersion },
  };
  const spec = {
    holderIdentity: component,
    leaseDurationSeconds: dataplaneLeaseDurationSeconds,
    renewTime: microTime(new Date()),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await leases.patch(name, 'merge', { metadata, spec });
      return;
    } catch (err) {
      if (!isNotFound(err) || attempt > 0) throw err;
    }
    try {
      await leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { ...metadata, name },
        spec,
      });
      return;
    } catch (err) {
      // Created meanwhile by an earlier instance: patch it.
      if ((err as { reason?: string }).reason !== 'AlreadyExists') throw err;
    }
  }
}

export interface DataplaneSyncPublisher {
  /** Announces that routing now applies every slice change up to `resourceVersion` (older values are ignored). */
  publish(resourceVersion: string): void;
  /** Resolves once the newest published value is written (or the publisher stopped). */
  flushed(): Promise<void>;
}

export interface PublisherOptions {
  signal: AbortSignal;
  log?: Logger;
  /** Read at each renewal: the resourceVersion routing applies when nothing is pending (watch bookmarks). */
  idleResourceVersion?: () => string | undefined;
  renewIntervalMs?: number;
}

/**
 * Keeps a component's Lease: one write in flight, the newest value next; a renewal every 10 s; the Lease is
 * deleted when `signal` aborts, so a stopped component is not waited for.
 */
export function startDataplaneSyncPublisher(
  client: KubeClient,
  component: string,
  options: PublisherOptions,
): DataplaneSyncPublisher {
  let wanted = '';
  let written = '';
  let writing: Promise<void> | undefined;
  const stopped = () => options.signal.aborted;
  const write = (): Promise<void> => {
    writing ??= (async () => {
      let failures = 0;
      while (!stopped() && wanted && (wanted !== written || failures > 0)) {
        const rv = wanted;
        try {
          await publishDataplaneSync(client, component, rv);
          written = rv;
          failures = 0;
        } catch (err) {
          failures++;
          options.log?.error('could not publish data-plane sync', { component, err });
          await new Promise((r) => setTimeout(r, Math.min(1000, 10 * 2 ** failures)));
        }
      }
    })().finally(() => {
      writing = undefined;
    });
    return writing;
  };
  const publish = (rv: string) => {
    if (revisionOf(rv) <= revisionOf(wanted)) return;
    wanted = rv;
    void write();
  };
  const timer = setInterval(() => {
    const idle = options.idleResourceVersion?.();
    if (idle && revisionOf(idle) > revisionOf(wanted)) wanted = idle;
    if (!wanted || writing) return;
    written = '';
    void write();
  }, options.renewIntervalMs ?? dataplaneRenewIntervalMs);
  timer.unref();
  options.signal.addEventListener(
    'abort',
    () => {
      clearInterval(timer);
      void (writing ?? Promise.resolve())
        .then(() =>
          client
            .resource(gvrLeases, dataplaneLeaseNamespace)
            .delete(dataplaneLeaseName(component), { gracePeriodSeconds: 0 }),
        )
        .catch(() => {});
    },
    { once: true },
  );
  return {
    publish,
    async flushed() {
      while (writing && !stopped()) await writing;
    },
  };
}

/**
 * Lists `rc`, feeds the items and then its watch events to `observe`, relisting when the watch ends, until
 * `done()` holds (true) or the deadline passes (false). `recheckAt` names a time at which `done()` may change
 * without an event (a Lease expiring).
 */
async function observeUntil<T extends KubeObject>(
  rc: ResourceClient<T>,
  labelSelector: string | undefined,
  deadline: number,
  observe: { list(items: T[], resourceVersion: string): void; event(ev: WatchEvent<T>): void; done(): boolean },
  recheckAt?: () => number | undefined,
): Promise<boolean> {
  while (Date.now() < deadline) {
    const list = await rc.list(labelSelector ? { labelSelector } : {});
    observe.list(list.items, list.metadata.resourceVersion);
    if (observe.done()) return true;
    const outcome = await new Promise<'done' | 'ended' | 'timeout'>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let handle: WatchHandle | undefined;
      let finished = false;
      const finish = (how: 'done' | 'ended' | 'timeout') => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        handle?.stop();
        resolve(how);
      };
      const arm = () => {
        clearTimeout(timer);
        const at = Math.min(deadline, recheckAt?.() ?? deadline);
        const check = () => {
          if (observe.done()) finish('done');
          else if (Date.now() >= deadline) finish('timeout');
          else arm();
        };
        timer = setTimeout(check, Math.max(1, at - Date.now()));
      };
      handle = rc.watch(
        { resourceVersion: list.metadata.resourceVersion, ...(labelSelector ? { labelSelector } : {}) },
        (ev) => {
          if (finished || ev.type === 'ERROR' || ev.type === 'BOOKMARK') return;
          observe.event(ev);
          if (observe.done()) finish('done');
          else arm();
        },
        () => finish('ended'),
      );
      if (finished) handle.stop();
      else arm();
    });
    if (outcome !== 'ended') return outcome === 'done';
  }
  return false;
}

type EndpointState = 'ready' | 'unready' | 'absent';

function podEndpointState(slice: SliceObject, podUid: string): EndpointState {
  let state: EndpointState = 'absent';
  for (const ep of slice.endpoints ?? []) {
    if (ep.targetRef?.uid !== podUid) continue;
    if (ep.conditions?.ready ?? true) return 'ready';
    state = 'unready';
  }
  return state;
}

/** Waits until no slice lists the pod as ready; resolves with the highest resourceVersion of that state. */
async function waitForEndpointsUnready(client: KubeClient, pod: { uid: string; namespace: string }, deadline: number) {
  const holding = new Set<string>();
  let highest = -1n;
  const raise = (rv: string | undefined) => {
    const n = revisionOf(rv);
    if (n > highest) highest = n;
  };
  const see = (slice: SliceObject, rv: string | undefined) => {
    const name = slice.metadata.name ?? '';
    const state = podEndpointState(slice, pod.uid);
    if (state === 'ready') holding.add(name);
    else if (holding.delete(name) || state === 'unready') raise(rv);
  };
  const drained = await observeUntil(client.resource<SliceObject>(gvrSlices, pod.namespace), undefined, deadline, {
    list(items, listRv) {
      const before = new Set(holding);
      let mentioned = false;
      for (const s of items) {
        before.delete(s.metadata.name ?? '');
        if (podEndpointState(s, pod.uid) !== 'absent') mentioned = true;
        see(s, s.metadata.resourceVersion);
      }
      // A slice that held the pod and vanished while we relisted: its deletion is no later than the list.
      for (const name of before) {
        holding.delete(name);
        raise(listRv);
      }
      // The pod is in no slice: routing must at least apply the slices as they are now.
      if (!mentioned && highest < 0n) for (const s of items) raise(s.metadata.resourceVersion);
    },
    event(ev) {
      if (ev.type === 'DELETED') {
        if (holding.delete(ev.object.metadata.name ?? '')) raise(ev.object.metadata.resourceVersion);
      } else {
        see(ev.object, ev.object.metadata.resourceVersion);
      }
    },
    done: () => holding.size === 0,
  });
  return drained ? highest : undefined;
}

/** Waits until every live data-plane Lease reports a synced resourceVersion ≥ `target`. */
function waitForLeasesSynced(client: KubeClient, target: bigint, deadline: number): Promise<boolean> {
  const leases = new Map<string, LeaseObject>();
  const expiry = (l: LeaseObject) =>
    Date.parse(l.spec?.renewTime ?? '') + (l.spec?.leaseDurationSeconds ?? dataplaneLeaseDurationSeconds) * 1000;
  const behind = () =>
    [...leases.values()].filter(
      (l) => expiry(l) > Date.now() && revisionOf(l.metadata.annotations?.[syncedResourceVersionAnnotation]) < target,
    );
  return observeUntil(
    client.resource<LeaseObject>(gvrLeases, dataplaneLeaseNamespace),
    `${dataplaneLabel}=true`,
    deadline,
    {
      list(items) {
        leases.clear();
        for (const l of items) leases.set(l.metadata.name ?? '', l);
      },
      event(ev) {
        if (ev.type === 'DELETED') leases.delete(ev.object.metadata.name ?? '');
        else leases.set(ev.object.metadata.name ?? '', ev.object);
      },
      done: () => behind().length === 0,
    },
    () => {
      const times = behind().map(expiry);
      return times.length > 0 ? Math.min(...times) : undefined;
    },
  );
}

/**
 * For the node agent, before a pod's preStop hook and SIGTERM: resolves true once no data-plane component will
 * send the pod new connections (its endpoints are not ready and every live component applied that), false
 * when `timeoutMs` passes first. A pod in no EndpointSlice drains once routing applies the slices as they are.
 */
export async function waitForDataplaneDrain(
  client: KubeClient,
  pod: { uid: string; namespace: string },
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const target = await waitForEndpointsUnready(client, pod, deadline);
  if (target === undefined) return false;
  if (target < 0n) return true;
  return waitForLeasesSynced(client, target, deadline);
}
