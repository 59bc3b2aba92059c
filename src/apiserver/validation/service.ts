/** Services (kubernetes core `ValidateService`, `ValidateServiceUpdate`, `ValidateServiceStatusUpdate`). */
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, notSupported, required } from './field-errors.js';
import { child, index, key } from './field-path.js';
import { go, goIntOrString, goPointer, goQuote, goStruct } from './go-syntax.js';
import { parseIP, validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';
import { validateLabels } from './labels.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNS1035Label } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { supportedPortProtocols } from './pod-containers.js';
import { validatePortNumOrName } from './pod-probes.js';
import {
  isHeadless,
  validateClusterIPFields,
  validateClusterIPsUpdate,
  validateIPFamiliesUpdate,
} from './service-ips.js';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const maxClientIPTimeout = 86400;
const topologyHints = 'service.kubernetes.io/topology-aware-hints';
const topologyMode = 'service.kubernetes.io/topology-mode';
const sourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';

function qualified(value: string, field: string): FieldError[] {
  return isQualifiedName(value).map((msg) => invalid(field, value, msg));
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(required(child(field, 'name')));
  else if (sp.name) {
    errs.push(...isDNS1123Label(sp.name).map((msg) => invalid(child(field, 'name'), sp.name ?? '', msg)));
    if (names.has(sp.name)) errs.push(duplicate(child(field, 'name'), sp.name));
    else names.add(sp.name);
  }
  errs.push(...isValidPortNum(sp.port).map((msg) => invalid(child(field, 'port'), sp.port, msg)));
  if (!sp.protocol) errs.push(required(child(field, 'protocol')));
  else if (!supportedPortProtocols.includes(sp.protocol))
    errs.push(notSupported(child(field, 'protocol'), sp.protocol, supportedPortProtocols));
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, child(field, 'targetPort')));
  if (sp.appProtocol !== undefined) errs.push(...qualified(sp.appProtocol, child(field, 'appProtocol')));
  return errs;
}

function goServicePortKey(protocol: string, port: number): string {
  return goStruct('core.ServicePort', [
    ['Name', '""'],
    ['Protocol', goQuote(protocol)],
    ['AppProtocol', goPointer('string', false)],
    ['Port', String(port)],
    ['TargetPort', goIntOrString(0)],
    ['NodePort', '0'],
  ]);
}

function validateTypeSpecific(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const headless = isHeadless(svc);
  if (spec.type === 'LoadBalancer') {
    (spec.ports ?? []).forEach((p, i) => {
      if (p.port === 10250)
        errs.push(
          invalid(index('spec.ports', i), p.port, 'may not expose port 10250 externally since it is used by kubelet'),
        );
    });
    if (headless)
      errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  } else if (spec.type === 'NodePort') {
    if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  } else if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0)
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0)
      errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((msg) => invalid('spec.externalName', cname, msg)));
    else errs.push(required('spec.externalName'));
  }
  return errs;
}

function validateSessionAffinity(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const affinity = spec.sessionAffinity ?? '';
  if (affinity === '') return [required('spec.sessionAffinity')];
  if (affinity !== 'ClientIP' && affinity !== 'None')
    return [notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  const cfgPath = 'spec.sessionAffinityConfig';
  const cfg = spec.sessionAffinityConfig;
  if (affinity === 'None') return cfg ? [forbidden(cfgPath, 'must not be set when session affinity is None')] : [];
  const why = 'when session affinity type is ClientIP';
  if (!cfg) return [required(cfgPath, why)];
  if (!cfg.clientIP) return [required(child(cfgPath, 'clientIP'), why)];
  const timeout = cfg.clientIP.timeoutSeconds;
  const tPath = child(cfgPath, 'clientIP', 'timeoutSeconds');
  if (timeout === undefined || timeout === null) return [required(tPath, why)];
  if (timeout <= 0 || timeout > maxClientIPTimeout) {
    return [invalid(tPath, timeout, `must be greater than 0 and less than ${maxClientIPTimeout}`)];
  }
  return [];
}

function validatePortsUniqueness(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const ports = svc.spec?.ports ?? [];
  if (svc.spec?.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const id = `${p.protocol ?? ''}/${p.nodePort}`;
    if (nodePorts.has(id)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), p.nodePort));
    nodePorts.add(id);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const id = `${p.protocol ?? ''}/${p.port}`;
    if (seen.has(id)) errs.push(duplicate(index('spec.ports', i), go(goServicePortKey(p.protocol ?? '', p.port))));
    seen.add(id);
  });
  return errs;
}

function validateLoadBalancerFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const lb = spec.type === 'LoadBalancer';
  const onlyLB = "may only be used when `type` is 'LoadBalancer'";
  const errs: FieldError[] = [];
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation = svc.metadata?.annotations?.[sourceRangesAnnotation];
  if (ranges.length > 0) {
    if (!lb) errs.push(forbidden('spec.LoadBalancerSourceRanges', onlyLB));
    ranges.forEach((r, i) => {
      errs.push(...validateCIDR(index('spec.LoadBalancerSourceRanges', i), r.trim()));
    });
  } else if (annotation !== undefined) {
    const p = key('metadata.annotations', sourceRangesAnnotation);
    if (!lb) errs.push(forbidden(p, onlyLB));
    const v = annotation.trim();
    if (v) for (const cidr of v.split(',')) errs.push(...validateCIDR(p, cidr.trim()));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && !lb) {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', onlyLB));
  }
  if (lb && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  if (lb) {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
      errs.push(...qualified(spec.loadBalancerClass, 'spec.loadBalancerClass'));
    }
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbidden('spec.loadBalancerClass', onlyLB));
  }
  return errs;
}

function externallyAccessible(svc: Service): boolean {
  const t = svc.spec?.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec?.externalIPs ?? []).length > 0);
}

function needsHealthCheck(svc: Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

function validateTrafficPolicies(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(svc)) {
    if (etp)
      errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local')
    errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0) {
      errs.push(
        invalid(
          'spec.healthCheckNodePort',
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hc !== 0) {
    errs.push(...isValidPortNum(hc).map((msg) => invalid('spec.healthCheckNodePort', hc, msg)));
  }
  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) {
    errs.push(required('spec.internalTrafficPolicy'));
  }
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') {
    errs.push(notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  }
  const td = spec.trafficDistribution;
  if (td !== undefined && td !== null && td !== 'PreferClose')
    errs.push(notSupported('spec.trafficDistribution', td, ['PreferClose']));
  return errs;
}

/** A Service as created (and, after the update rules, as updated). */
export function validateService(svc: Service): FieldError[] {
  const meta = (svc.metadata ?? {}) as ObjectMeta;
  const spec = svc.spec ?? {};
  const errs = validateObjectMeta(meta, true, nameIsDNS1035Label, 'metadata');
  const hints = meta.annotations?.[topologyHints];
  const mode = meta.annotations?.[topologyMode];
  if (hints !== undefined && mode !== undefined && hints !== mode) {
    errs.push(
      invalid(
        key('metadata.annotations', topologyMode),
        mode,
        `must match annotations[${topologyHints}] when both are specified`,
      ),
    );
  }
  if ((spec.ports ?? []).length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName')
    errs.push(required('spec.ports'));
  errs.push(...validateTypeSpecific(svc));
  const names = new Set<string>();
  const ports = spec.ports ?? [];
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i)));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateSessionAffinity(svc));
  errs.push(...validateClusterIPFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const p = index('spec.externalIPs', i);
    const e = validateIP(p, ip);
    errs.push(...(e.length > 0 ? e : validateNonSpecialIP(p, ip)));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!serviceTypes.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, serviceTypes));
  errs.push(...validatePortsUniqueness(svc));
  errs.push(...validateLoadBalancerFields(svc));
  errs.push(...validateTrafficPolicies(svc));
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(
    (svc.metadata ?? {}) as ObjectMeta,
    (old.metadata ?? {}) as ObjectMeta,
    'metadata',
  );
  errs.push(...validateClusterIPsUpdate(old, svc), ...validateIPFamiliesUpdate(old, svc));
  if (old.spec?.type === 'LoadBalancer' && svc.spec?.type === 'LoadBalancer') {
    const a = old.spec.loadBalancerClass ?? null;
    const b = svc.spec.loadBalancerClass ?? null;
    if (a !== b) errs.push(invalid('spec.loadBalancerClass', b, 'may not change once set'));
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    (old.spec?.healthCheckNodePort ?? 0) !== (svc.spec?.healthCheckNodePort ?? 0)
  ) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errs, ...validateService(svc)];
}

/** A write to `services/status`: the load balancer ingress points. */
export function validateServiceStatusUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(
    (svc.metadata ?? {}) as ObjectMeta,
    (old.metadata ?? {}) as ObjectMeta,
    'metadata',
  );
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const path = 'status.loadBalancer.ingress';
  if (svc.spec?.type !== 'LoadBalancer' && ingress.length > 0) {
    return [...errs, forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  ingress.forEach((ing, i) => {
    const p = index(path, i);
    if (ing.ip) errs.push(...validateIP(child(p, 'ip'), ing.ip));
    if (ing.ipMode !== undefined && !ing.ip)
      errs.push(forbidden(child(p, 'ipMode'), 'may not be specified when `ip` is not set'));
    else if (ing.ipMode !== undefined && ing.ipMode !== 'Proxy' && ing.ipMode !== 'VIP') {
      errs.push(notSupported(child(p, 'ipMode'), ing.ipMode, ['Proxy', 'VIP']));
    }
    if (ing.hostname) {
      errs.push(
        ...isDNS1123Subdomain(ing.hostname).map((msg) => invalid(child(p, 'hostname'), ing.hostname ?? '', msg)),
      );
      if (parseIP(ing.hostname))
        errs.push(invalid(child(p, 'hostname'), ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
