/**
 * The defaults of a PodSpec wherever one appears (pods and pod templates): `SetDefaults_PodSpec` and the
 * nested defaulters that `zz_generated.defaults.go` applies to volumes, containers, init containers and
 * ephemeral containers (ports, env fieldRefs, probes, lifecycle handlers).
 */
import type { JsonObject } from '../../api/object.js';
import { defaultPullPolicy } from './image-reference.js';
import {
  defaultNumber,
  defaultString,
  defaultValue,
  existingObject,
  objectField,
  objectItems,
  stringField,
} from './json.js';

/** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
const defaultMode = 0o644;

function defaultFieldRef(item: JsonObject | undefined): void {
  const fieldRef = existingObject(item, 'fieldRef');
  if (fieldRef) defaultString(fieldRef, 'apiVersion', 'v1');
}

function defaultHttpGet(handler: JsonObject | undefined): void {
  const httpGet = existingObject(handler, 'httpGet');
  if (!httpGet) return;
  defaultString(httpGet, 'path', '/');
  defaultString(httpGet, 'scheme', 'HTTP');
}

/** `SetDefaults_Probe` and the defaults of its handler. */
export function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  defaultNumber(probe, 'timeoutSeconds', 1);
  defaultNumber(probe, 'periodSeconds', 10);
  defaultNumber(probe, 'successThreshold', 1);
  defaultNumber(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
  const grpc = existingObject(probe, 'grpc');
  if (grpc) defaultValue(grpc, 'service', '');
}

/** `SetDefaults_Container` plus its ports, env, resources, probes and lifecycle handlers. */
export function defaultContainer(c: JsonObject): void {
  if (stringField(c, 'imagePullPolicy') === '') c.imagePullPolicy = defaultPullPolicy(c.image);
  defaultString(c, 'terminationMessagePath', '/dev/termination-log');
  defaultString(c, 'terminationMessagePolicy', 'File');
  for (const port of objectItems(c, 'ports')) defaultString(port, 'protocol', 'TCP');
  for (const env of objectItems(c, 'env')) defaultFieldRef(existingObject(env, 'valueFrom'));
  objectField(c, 'resources');
  defaultProbe(existingObject(c, 'livenessProbe'));
  defaultProbe(existingObject(c, 'readinessProbe'));
  defaultProbe(existingObject(c, 'startupProbe'));
  const lifecycle = existingObject(c, 'lifecycle');
  defaultHttpGet(existingObject(lifecycle, 'postStart'));
  defaultHttpGet(existingObject(lifecycle, 'preStop'));
}

/** `SetDefaults_Volume` (no source means emptyDir) and the defaults of each volume source. */
export function defaultVolume(v: JsonObject): void {
  const hasSource = Object.entries(v).some(([key, value]) => key !== 'name' && value !== undefined && value !== null);
  if (!hasSource) v.emptyDir = {};
  const hostPath = existingObject(v, 'hostPath');
  if (hostPath) defaultValue(hostPath, 'type', '');
  for (const key of ['secret', 'configMap']) {
    const source = existingObject(v, key);
    if (source) defaultValue(source, 'defaultMode', defaultMode);
  }
  const downwardAPI = existingObject(v, 'downwardAPI');
  if (downwardAPI) {
    defaultValue(downwardAPI, 'defaultMode', defaultMode);
    for (const item of objectItems(downwardAPI, 'items')) defaultFieldRef(item);
  }
  const projected = existingObject(v, 'projected');
  if (projected) {
    defaultValue(projected, 'defaultMode', defaultMode);
    for (const source of objectItems(projected, 'sources')) {
      for (const item of objectItems(existingObject(source, 'downwardAPI'), 'items')) defaultFieldRef(item);
      const token = existingObject(source, 'serviceAccountToken');
      if (token) defaultValue(token, 'expirationSeconds', 3600);
    }
  }
  const claimSpec = existingObject(existingObject(existingObject(v, 'ephemeral'), 'volumeClaimTemplate'), 'spec');
  if (claimSpec) defaultValue(claimSpec, 'volumeMode', 'Filesystem');
}

/**
 * `serviceAccount` is the deprecated alias of `serviceAccountName`: the name wins when both are set, the
 * alias fills an empty name, and the apiserver writes the alias back equal to the name.
 */
export function mirrorServiceAccount(spec: JsonObject): void {
  const name = stringField(spec, 'serviceAccountName') || stringField(spec, 'serviceAccount');
  if (name === '') return;
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
}

/** Every default of a PodSpec that pods and pod templates share (not the pod-only ones). */
export function defaultPodSpec(spec: JsonObject): void {
  defaultString(spec, 'dnsPolicy', 'ClusterFirst');
  defaultString(spec, 'restartPolicy', 'Always');
  defaultValue(spec, 'securityContext', {});
  defaultValue(spec, 'terminationGracePeriodSeconds', 30);
  defaultString(spec, 'schedulerName', 'default-scheduler');
  mirrorServiceAccount(spec);
  for (const volume of objectItems(spec, 'volumes')) defaultVolume(volume);
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of objectItems(spec, key)) defaultContainer(container);
  }
}
