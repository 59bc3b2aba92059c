/**
 * The Kubernetes service environment variables (kubelet `getServiceEnvVarMap` + `envvars.FromServices`): every
 * Service with a cluster IP in the pod's namespace when `enableServiceLinks` is on, and always `kubernetes` from
 * `default`. Per service `FOO`: `FOO_SERVICE_HOST`, `FOO_SERVICE_PORT` (first port), `FOO_SERVICE_PORT_<NAME>`
 * (named ports), and the docker-link ones: `FOO_PORT` (first port), `FOO_PORT_<port>_<PROTO>` with `_PROTO`,
 * `_PORT`, `_ADDR`.
 */
import type { Service } from 'kubernetes-types/core/v1.js';

/** `my-svc.v1` → `MY_SVC_V1`; a leading digit gets a `_` prefix. */
export function envVariableName(name: string): string {
  const upper = name.replaceAll('.', '_').replaceAll('-', '_').toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

function hasClusterIP(service: Service): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== '' && ip !== 'None';
}

/** The variables of one service, in upstream's order. */
export function serviceEnvVars(service: Service): [string, string][] {
  const ports = service.spec?.ports ?? [];
  const first = ports[0];
  const ip = service.spec?.clusterIP ?? '';
  if (!hasClusterIP(service) || !first) return [];
  const prefix = envVariableName(service.metadata?.name ?? '');
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(first.port)],
  ];
  for (const p of ports) {
    if (p.name) out.push([`${prefix}_SERVICE_PORT_${envVariableName(p.name)}`, String(p.port)]);
  }
  ports.forEach((p, i) => {
    const protocol = p.protocol || 'TCP';
    const url = `${protocol.toLowerCase()}://${ip}:${p.port}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
    out.push(
      [portPrefix, url],
      [`${portPrefix}_PROTO`, protocol.toLowerCase()],
      [`${portPrefix}_PORT`, String(p.port)],
      [`${portPrefix}_ADDR`, ip],
    );
  });
  return out;
}

/** The service variables a pod in `namespace` sees. */
export function serviceEnvMap(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const chosen = new Map<string, Service>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? '';
    if (s.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, s);
    } else if (s.metadata?.namespace === namespace && enableServiceLinks) {
      chosen.set(name, s);
    }
  }
  const env = new Map<string, string>();
  for (const s of chosen.values()) for (const [k, v] of serviceEnvVars(s)) env.set(k, v);
  return env;
}
