/** Containers and init containers of a pod spec (kubernetes core validation). */
import type { Container, ContainerPort, SecurityContext, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './field-errors.js';
import { child, index } from './field-path.js';
import { type GoSyntax, go, goQuote, goSlice, goStruct } from './go-syntax.js';
import { isDNS1123Label, isValidGroupID, isValidPortName, isValidPortNum, isValidUserID } from './names.js';
import { validateEnv, validateEnvFrom } from './pod-env.js';
import { validateLifecycle, validateProbes } from './pod-probes.js';
import { validateResourceRequirements } from './pod-resources.js';
import { validateLocalDescendingPath } from './pod-volumes.js';

export const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

/** The context shared by every container of one pod spec. */
export interface ContainerContext {
  volumes: ReadonlyMap<string, Volume>;
  podClaims: ReadonlySet<string>;
  gracePeriod: number | undefined;
  restartPolicy: string;
}

function validatePorts(ports: readonly ContainerPort[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = index(field, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...msgs.map((msg) => invalid(child(p, 'name'), port.name ?? '', msg)));
      else if (names.has(port.name)) errs.push(duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(child(p, 'containerPort')));
    else
      errs.push(
        ...isValidPortNum(port.containerPort).map((msg) => invalid(child(p, 'containerPort'), port.containerPort, msg)),
      );
    if (port.hostPort)
      errs.push(...isValidPortNum(port.hostPort).map((msg) => invalid(child(p, 'hostPort'), port.hostPort, msg)));
    if (!port.protocol) errs.push(required(child(p, 'protocol')));
    else if (!supportedPortProtocols.includes(port.protocol)) {
      errs.push(notSupported(child(p, 'protocol'), port.protocol, supportedPortProtocols));
    }
  });
  return errs;
}

function validateVolumeMounts(
  mounts: readonly VolumeMount[] | undefined,
  c: Container,
  ctx: ContainerContext,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map((c.volumeDevices ?? []).map((d) => [d.name, d.devicePath]));
  (mounts ?? []).forEach((m, i) => {
    const p = index(field, i);
    if (!m.name) errs.push(required(child(p, 'name')));
    if (!ctx.volumes.has(m.name ?? '')) errs.push(notFound(child(p, 'name'), m.name ?? ''));
    if (!m.mountPath) errs.push(required(child(p, 'mountPath')));
    if (mountPoints.has(m.mountPath ?? ''))
      errs.push(invalid(child(p, 'mountPath'), m.mountPath ?? '', 'must be unique'));
    mountPoints.add(m.mountPath ?? '');
    if (devices.has(m.name)) errs.push(invalid(child(p, 'name'), m.name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(m.mountPath)) {
      errs.push(invalid(child(p, 'mountPath'), m.mountPath, 'must not already exist as a path in volumeDevices'));
    }
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, child(field, 'subPath')));
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(invalid(child(p, 'subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, child(field, 'subPathExpr')));
    }
    if (m.mountPropagation !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      const mp = child(field, 'mountPropagation');
      if (!supported.includes(m.mountPropagation)) errs.push(notSupported(mp, m.mountPropagation, supported));
      if (m.mountPropagation === 'Bidirectional' && c.securityContext?.privileged !== true) {
        errs.push(forbidden(mp, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return errs;
}

function validateSecurityContext(sc: SecurityContext | undefined, field: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (typeof sc.runAsUser === 'number') {
    errs.push(...isValidUserID(sc.runAsUser).map((msg) => invalid(child(field, 'runAsUser'), sc.runAsUser, msg)));
  }
  if (typeof sc.runAsGroup === 'number') {
    errs.push(...isValidGroupID(sc.runAsGroup).map((msg) => invalid(child(field, 'runAsGroup'), sc.runAsGroup, msg)));
  }
  if (sc.procMount !== undefined && sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
    errs.push(notSupported(child(field, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
  }
  const seccomp = sc.seccompProfile;
  if (seccomp) {
    const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
    if (!seccomp.type) errs.push(required(child(field, 'seccompProfile', 'type')));
    else if (!types.includes(seccomp.type))
      errs.push(notSupported(child(field, 'seccompProfile', 'type'), seccomp.type, types));
    if (seccomp.type === 'Localhost' && seccomp.localhostProfile === undefined) {
      errs.push(
        required(child(field, 'seccompProfile', 'localhostProfile'), 'must be set when seccomp type is Localhost'),
      );
    }
  }
  return errs;
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

function validateResizePolicy(c: Container, podRestartPolicy: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (c.resizePolicy ?? []).forEach((rp, i) => {
    const name = rp.resourceName ?? '';
    const policy = rp.restartPolicy ?? '';
    if (seen.has(name)) errs.push(duplicate(index(field, i), name));
    seen.add(name);
    if (name === '') errs.push(required(field));
    else if (name !== 'cpu' && name !== 'memory') errs.push(notSupported(field, name, ['cpu', 'memory']));
    if (policy === '') errs.push(required(field));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') {
      errs.push(notSupported(field, policy, ['NotRequired', 'RestartContainer']));
    }
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalid(field, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

function goResizePolicies(c: Container): GoSyntax {
  const items = (c.resizePolicy ?? []).map((rp) =>
    goStruct('core.ContainerResizePolicy', [
      ['ResourceName', goQuote(rp.resourceName ?? '')],
      ['RestartPolicy', goQuote(rp.restartPolicy ?? '')],
    ]),
  );
  return go(goSlice('core.ContainerResizePolicy', items));
}

/** What every container type shares: name, image, ports, env, mounts, pull policy, resources, security. */
export function validateContainerCommon(c: Container, ctx: ContainerContext, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = child(field, 'name');
  if (!c.name) errs.push(required(namePath));
  else errs.push(...isDNS1123Label(c.name).map((msg) => invalid(namePath, c.name, msg)));
  if (!c.image) errs.push(required(child(field, 'image')));
  const tmp = c.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(child(field, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(child(field, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validatePorts(c.ports, child(field, 'ports')));
  errs.push(...validateEnv(c.env, child(field, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(field, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, c, ctx, child(field, 'volumeMounts')));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(required(child(field, 'imagePullPolicy')));
  else if (!pullPolicies.includes(pull)) errs.push(notSupported(child(field, 'imagePullPolicy'), pull, pullPolicies));
  errs.push(...validateResourceRequirements(c.resources, ctx.podClaims, child(field, 'resources')));
  errs.push(...validateResizePolicy(c, ctx.restartPolicy, child(field, 'resizePolicy')));
  errs.push(...validateSecurityContext(c.securityContext, child(field, 'securityContext')));
  return errs;
}

/** Host ports must be unique per protocol and host IP. */
export function checkHostPortConflicts(containers: readonly Container[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const id = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(id)) errs.push(duplicate(child(index(child(index(field, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

/** `spec.containers`: at least one, unique names, probes and lifecycle, no container-level restartPolicy. */
export function validateContainers(
  containers: readonly Container[] | undefined,
  ctx: ContainerContext,
  field: string,
): FieldError[] {
  if (!containers || containers.length === 0) return [required(field)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(field, i);
    errs.push(...validateContainerCommon(c, ctx, p));
    if (names.has(c.name)) errs.push(duplicate(child(p, 'name'), c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, child(p, 'lifecycle')));
    errs.push(...validateProbes(c, ctx.gracePeriod, p));
    if (c.restartPolicy !== undefined)
      errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return [...errs, ...checkHostPortConflicts(containers, field)];
}

const initOnly = 'may not be set for init containers without restartPolicy=Always';

/** `spec.initContainers`: names unique across all containers; probes only for restartable (sidecar) ones. */
export function validateInitContainers(
  inits: readonly Container[] | undefined,
  regular: readonly Container[] | undefined,
  ctx: ContainerContext,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = index(field, i);
    errs.push(...validateContainerCommon(c, ctx, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      errs.push(notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
    }
    if (names.has(c.name)) errs.push(duplicate(child(p, 'name'), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], field));
    if (c.restartPolicy === 'Always') {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, child(p, 'lifecycle')));
      errs.push(...validateProbes(c, ctx.gracePeriod, p));
    } else {
      for (const name of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[name]) errs.push(forbidden(child(p, name), initOnly));
      }
    }
    if ((c.resizePolicy ?? []).length > 0) {
      errs.push(invalid(child(p, 'resizePolicy'), goResizePolicies(c), 'must not be set for init containers'));
    }
  });
  return errs;
}
