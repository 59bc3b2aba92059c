/**
 * Pod-only defaults: `SetDefaults_Pod`, what kube-apiserver's default admission plugins add to a new pod
 * (ServiceAccount, Priority, DefaultTolerationSeconds) and the status the pod strategy gives it on create.
 */
import type { KubeObject } from '../../api/object.js';
import { isJsonObject, type JsonObject } from '../../api/object.js';
import { StatusError } from '../../api/status-error.js';
import { defaultValue, existingObject, objectField, objectItems, stringField } from './json.js';
import { defaultPodSpec, mirrorServiceAccount } from './pod-spec.js';
import { podQosClass } from './qos.js';

/** `SetDefaults_Pod`: requests default to limits, service links on, host-network ports published as host ports. */
function defaultPodOnly(spec: JsonObject): void {
  for (const key of ['containers', 'initContainers']) {
    for (const container of objectItems(spec, key)) {
      const resources = existingObject(container, 'resources');
      const limits = existingObject(resources, 'limits');
      if (!resources || !limits || Object.keys(limits).length === 0) continue;
      const requests = objectField(resources, 'requests');
      for (const [name, value] of Object.entries(limits)) {
        if (!Object.hasOwn(requests, name)) requests[name] = value;
      }
    }
  }
  defaultValue(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const key of ['containers', 'initContainers']) {
      for (const container of objectItems(spec, key)) {
        for (const port of objectItems(container, 'ports')) {
          if (port.hostPort === undefined || port.hostPort === null || port.hostPort === 0) {
            port.hostPort = port.containerPort;
          }
        }
      }
    }
  }
}

/** The built-in PriorityClasses (kubeling serves no PriorityClass API). */
const priorityClasses: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function forbidden(pod: KubeObject, why: string): StatusError {
  const name = pod.metadata.name ?? '';
  return new StatusError('Forbidden', `pods "${name}" is forbidden: ${why}`, { name, kind: 'pods' });
}

/** The Priority admission plugin: `priority` from the class (0 without one), `preemptionPolicy`. */
function admitPriority(pod: KubeObject, spec: JsonObject): void {
  const className = stringField(spec, 'priorityClassName');
  const priority = className === '' ? 0 : priorityClasses[className];
  if (priority === undefined) throw forbidden(pod, `no PriorityClass with name ${className} was found`);
  if (typeof spec.priority === 'number' && spec.priority !== priority) {
    throw forbidden(
      pod,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  const policy = spec.preemptionPolicy;
  if (typeof policy === 'string' && policy !== '' && policy !== 'PreemptLowerPriority') {
    throw forbidden(
      pod,
      `the string value of PreemptionPolicy (${policy}) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy = 'PreemptLowerPriority';
}

/** The DefaultTolerationSeconds admission plugin: tolerate not-ready and unreachable nodes for 300s. */
function admitDefaultTolerations(spec: JsonObject): void {
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const tolerates = (key: string): boolean =>
    tolerations.some(
      (t) =>
        isJsonObject(t) &&
        (stringField(t, 'key') === key || stringField(t, 'key') === '') &&
        (stringField(t, 'effect') === 'NoExecute' || stringField(t, 'effect') === ''),
    );
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
  if (added.length > 0) spec.tolerations = [...tolerations, ...added];
}

/**
 * Defaults a Pod in place, with the default tolerations of the DefaultTolerationSeconds plugin. Unless the
 * operation is `update`, also what the ServiceAccount and Priority admission plugins do on create: service
 * account `default`, priority (0, or that of a built-in class) and preemption policy. Throws 403 Forbidden
 * as the Priority plugin does for an unknown class or a conflicting priority.
 */
export function defaultPod(pod: KubeObject, operation?: 'create' | 'update'): void {
  const spec = objectField(pod, 'spec');
  defaultPodOnly(spec);
  if (operation !== 'update') {
    mirrorServiceAccount(spec);
    if (stringField(spec, 'serviceAccountName') === '') spec.serviceAccountName = 'default';
    admitPriority(pod, spec);
  }
  admitDefaultTolerations(spec);
  defaultPodSpec(spec);
}

export interface InitialPodStatus {
  phase: 'Pending';
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  conditions?: JsonObject[];
}

/**
 * The status the pod strategy sets on create (`PrepareForCreate`): phase Pending, the QoS class, and the
 * `PodScheduled=False/SchedulingGated` condition when the pod has scheduling gates. Call after defaulting.
 */
export function initialPodStatus(pod: KubeObject): InitialPodStatus {
  const status: InitialPodStatus = { phase: 'Pending', qosClass: podQosClass(pod) };
  const spec = existingObject(pod, 'spec');
  if (objectItems(spec, 'schedulingGates').length > 0) {
    status.conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: null,
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ];
  }
  return status;
}
