/** The Node printer (`printNode`): Ready condition, SchedulingDisabled, roles from labels, versions. */

import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, type Printer, sortedUnique, view } from './printer.js';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** `Ready`, `NotReady` or `Unknown` (the last Ready condition wins), plus `SchedulingDisabled` when cordoned. */
function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** `findNodeRoles`: `node-role.kubernetes.io/<role>` label keys and the `kubernetes.io/role` label value. */
export function nodeRoles(labels: Readonly<Record<string, string>> | undefined): string {
  const roles: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.push(role);
    } else if (key === ROLE_LABEL && value) {
      roles.push(value);
    }
  }
  return sortedUnique(roles).join(',') || '<none>';
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', { description: 'The status of the node' }),
    column('Roles', { description: 'The roles of the node' }),
    ageColumn,
    column('Version'),
    column('Internal-IP', { priority: 1 }),
    column('External-IP', { priority: 1 }),
    column('OS-Image', { priority: 1 }),
    column('Kernel-Version', { priority: 1 }),
    column('Container-Runtime', { priority: 1 }),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const node = view<Node>(obj);
    const info = node.status?.nodeInfo;
    return [
      nameOf(obj),
      nodeStatus(node),
      nodeRoles(obj.metadata.labels),
      ageOf(obj, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
