/** Printers for apps/v1 Deployment (`printDeployment`) and ReplicaSet (`printReplicaSet`). */

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/object.js';
import { formatLabelSelector, labelSelectorString } from './label-selector.js';
import {
  ageColumn,
  ageOf,
  column,
  containerCells,
  containersColumn,
  imagesColumn,
  nameColumn,
  nameOf,
  type Printer,
  view,
} from './printer.js';

/** `spec.replicas` as the apiserver sees it after defaulting (1 when unset). */
const desired = (replicas: number | undefined) => replicas ?? 1;

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', { description: 'Number of the pod with ready state' }),
    column('Up-to-date'),
    column('Available'),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', { priority: 1 }),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const d = view<Deployment>(obj);
    const status = d.status ?? {};
    const [containers, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      nameOf(obj),
      `${status.readyReplicas ?? 0}/${desired(d.spec?.replicas)}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      ageOf(obj, now),
      containers,
      images,
      labelSelectorString(d.spec?.selector) ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', { type: 'integer' }),
    column('Current', { type: 'integer' }),
    column('Ready', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', { priority: 1 }),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const rs = view<ReplicaSet>(obj);
    const [containers, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(obj),
      desired(rs.spec?.replicas),
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      ageOf(obj, now),
      containers,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
