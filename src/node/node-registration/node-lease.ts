/**
 * The node's heartbeat Lease (kubelet's `nodelease` controller): `kube-node-lease/<node>`, held by the node,
 * 40 s long, renewed every 10 s, owned by the Node object so it goes away with it.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';

export const nodeLeaseNamespace = 'kube-node-lease';
/** kubelet's `nodeLeaseDurationSeconds` default. */
export const leaseDurationSeconds = 40;

/**
 * metav1.MicroTime's wire form: RFC 3339 with six fraction digits (`2026-11-26T09:00:00.123456Z`).
 * `subMillisecondMicros` (0–999) supplies the digits a Date cannot hold.
 */
export function microTime(date: Date, subMillisecondMicros = 0): string {
  const micros = String(Math.min(999, Math.max(0, Math.floor(subMillisecondMicros)))).padStart(3, '0');
  return date.toISOString().replace(/\.(\d{3})Z$/, `.$1${micros}Z`);
}

/** The Lease as kubelet writes it; `nodeUid` (when known) makes the Node its owner. */
export function nodeLease(nodeName: string, renewTime: string, nodeUid: string | undefined, base?: Lease): Lease {
  const metadata = { ...base?.metadata, name: nodeName, namespace: nodeLeaseNamespace };
  if (nodeUid) {
    metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];
  }
  return {
    ...base,
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata,
    spec: { ...base?.spec, holderIdentity: nodeName, leaseDurationSeconds, renewTime },
  };
}
