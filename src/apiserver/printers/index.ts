/**
 * Server-side printing: the columns and cells of the `meta.k8s.io/v1` Table that `kubectl get` asks for,
 * mirroring kube-apiserver's `pkg/printers/internalversion/printers.go` for every kind in the registry and the
 * default table (Name, Created At) for anything else. Cells are always the wide form, as the apiserver serves them.
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints.js';
import { coreEventPrinter, eventsV1EventPrinter } from './event.js';
import { ingressClassPrinter, ingressPrinter } from './ingress.js';
import { nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import type { Printer, TableColumnDefinition, TableRowCondition } from './printer.js';
import { servicePrinter } from './service.js';
import {
  configMapPrinter,
  defaultPrinter,
  leasePrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './simple.js';
import { deploymentPrinter, replicaSetPrinter } from './workloads.js';

export { humanDuration, translateTimestampSince } from './duration.js';
export type { TableColumnDefinition, TableRowCondition } from './printer.js';

/** Printers keyed by `group/Kind` (`/Kind` for the core group). */
const printers: ReadonlyMap<string, Printer> = new Map([
  ['/Namespace', namespacePrinter],
  ['/Pod', podPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Event', coreEventPrinter],
  ['/Node', nodePrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['events.k8s.io/Event', eventsV1EventPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
]);

function printerFor(info: Pick<ResourceInfo, 'group' | 'kind'>): Printer {
  return printers.get(`${info.group}/${info.kind}`) ?? defaultPrinter;
}

/** The Table's `columnDefinitions` for a resource (fresh copies: callers may serialize or alter them). */
export function tableColumns(info: Pick<ResourceInfo, 'group' | 'kind'>): TableColumnDefinition[] {
  return printerFor(info).columns.map((c) => ({ ...c }));
}

/** One row's `cells` for `obj`, aligned with `tableColumns(info)`; ages are computed against `now`. */
export function tableCells(info: Pick<ResourceInfo, 'group' | 'kind'>, obj: KubeObject, now: Date): unknown[] {
  return printerFor(info).cells(obj, now);
}

/** One row's `conditions` (only finished pods have any: `Completed`); undefined when the row has none. */
export function tableRowConditions(
  info: Pick<ResourceInfo, 'group' | 'kind'>,
  obj: KubeObject,
): TableRowCondition[] | undefined {
  return printerFor(info)
    .conditions?.(obj)
    ?.map((c) => ({ ...c }));
}
