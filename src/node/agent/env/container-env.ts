/**
 * A container's Kubernetes environment, as the kubelet's `makeEnvironmentVariables` builds it: `envFrom`
 * (ConfigMaps and Secrets, with prefixes) first, then `env` in order (values with `$(VAR)` expanded against
 * the variables defined so far and the service variables; `fieldRef`, `resourceFieldRef`, `configMapKeyRef`,
 * `secretKeyRef` with their `optional` flags), then the service variables not already set. A missing object or
 * key that is not optional raises ContainerConfigError (the container waits in CreateContainerConfigError).
 */
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { ContainerConfigError, fieldRefValue, type PodAddresses, resourceFieldRefValue } from './downward-api.js';
import { expand, mappingFor } from './expansion.js';

/** Reads ConfigMaps and Secrets; resolves undefined when the object does not exist. */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

export interface ContainerEnvInput {
  pod: Pod;
  container: Container;
  addresses: PodAddresses;
  /** The service variables the pod sees (service-env.ts). */
  serviceEnv: ReadonlyMap<string, string>;
  /** The node's allocatable, for `resourceFieldRef` limits that are not set. */
  nodeAllocatable: Readonly<Record<string, string>>;
  sources: EnvSources;
}

function decodeSecretData(data: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(data ?? {})) out.set(k, Buffer.from(v, 'base64').toString('utf8'));
  return out;
}

/** Memoizes one pod's ConfigMap and Secret reads during one env build, as the kubelet does. */
class SourceCache {
  private readonly configMaps = new Map<string, Map<string, string> | undefined>();
  private readonly secrets = new Map<string, Map<string, string> | undefined>();

  constructor(
    private readonly sources: EnvSources,
    private readonly namespace: string,
  ) {}

  async configMap(name: string): Promise<Map<string, string> | undefined> {
    if (!this.configMaps.has(name)) {
      const cm = await this.sources.configMap(this.namespace, name);
      this.configMaps.set(name, cm ? new Map(Object.entries(cm.data ?? {})) : undefined);
    }
    return this.configMaps.get(name);
  }

  async secret(name: string): Promise<Map<string, string> | undefined> {
    if (!this.secrets.has(name)) {
      const s = await this.sources.secret(this.namespace, name);
      this.secrets.set(name, s ? decodeSecretData(s.data) : undefined);
    }
    return this.secrets.get(name);
  }
}

/** The container's environment: declared variables first (in order), then the remaining service variables. */
export async function containerEnv(input: ContainerEnvInput): Promise<Map<string, string>> {
  const { pod, container, serviceEnv } = input;
  const namespace = pod.metadata?.namespace ?? '';
  const cache = new SourceCache(input.sources, namespace);
  const env = new Map<string, string>();

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const data = await cache.configMap(name);
      if (!data) {
        if (from.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap "${name}" not found`);
      }
      for (const [k, v] of data) env.set(prefix + k, v);
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const data = await cache.secret(name);
      if (!data) {
        if (from.secretRef.optional) continue;
        throw new ContainerConfigError(`secret "${name}" not found`);
      }
      for (const [k, v] of data) env.set(prefix + k, v);
    }
  }

  const mapping = mappingFor(env, serviceEnv);
  for (const e of container.env ?? []) {
    let value = e.value ?? '';
    if (value !== '') {
      value = expand(value, mapping);
    } else if (e.valueFrom?.fieldRef) {
      value = fieldRefValue(e.valueFrom.fieldRef, pod, input.addresses);
    } else if (e.valueFrom?.resourceFieldRef) {
      value = resourceFieldRefValue(e.valueFrom.resourceFieldRef, pod, container, input.nodeAllocatable);
    } else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const name = ref.name ?? '';
      const data = await cache.configMap(name);
      if (!data) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`configmap "${name}" not found`);
      }
      const v = data.get(ref.key);
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${namespace}/${name}`);
      }
      value = v;
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const name = ref.name ?? '';
      const data = await cache.secret(name);
      if (!data) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`secret "${name}" not found`);
      }
      const v = data.get(ref.key);
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in Secret ${namespace}/${name}`);
      }
      value = v;
    }
    env.set(e.name, value);
  }

  for (const [k, v] of serviceEnv) if (!env.has(k)) env.set(k, v);
  return env;
}
