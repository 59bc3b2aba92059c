/** Ingresses and IngressClasses (kubernetes `pkg/apis/networking/validation`). */
import type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressClass,
  IngressRule,
} from 'kubernetes-types/networking/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { fieldImmutableErrorMsg, forbidden, invalid, notSupported, required, tooLong } from './field-errors.js';
import { child, index } from './field-path.js';
import { go, goSlice } from './go-syntax.js';
import { parseIP, validateIP } from './ip.js';
import {
  byteLength,
  isDNS1123Subdomain,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
} from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

function meta(o: { metadata?: unknown }): ObjectMeta {
  return (o.metadata ?? {}) as ObjectMeta;
}

function validateBackend(b: IngressBackend, field: string): FieldError[] {
  if (b.resource && b.service) return [invalid(field, '', 'cannot set both resource and service backends')];
  if (b.resource) return validateTypedReference(b.resource, child(field, 'resource'));
  if (!b.service) return [invalid(field, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = b.service.name ?? '';
  if (!name) errs.push(required(child(field, 'service', 'name')));
  else errs.push(...nameIsDNS1035Label(name, false).map((msg) => invalid(child(field, 'service', 'name'), name, msg)));
  const portName = b.service.port?.name ?? '';
  const portNumber = b.service.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(field, '', 'cannot set both port name & port number'));
  else if (portName)
    errs.push(
      ...isValidPortName(portName).map((msg) => invalid(child(field, 'service', 'port', 'name'), portName, msg)),
    );
  else if (portNumber)
    errs.push(
      ...isValidPortNum(portNumber).map((msg) => invalid(child(field, 'service', 'port', 'number'), portNumber, msg)),
    );
  else errs.push(required(field, 'port name or number is required'));
  return errs;
}

function validateTypedReference(ref: { apiGroup?: string; kind?: string; name?: string }, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup !== undefined) {
    errs.push(
      ...isDNS1123Subdomain(ref.apiGroup).map((msg) => invalid(child(field, 'apiGroup'), ref.apiGroup ?? '', msg)),
    );
  }
  for (const name of ['kind', 'name'] as const) {
    const v = ref[name] ?? '';
    if (!v) errs.push(required(child(field, name), `${name} is required`));
    else errs.push(...isValidPathSegmentName(v).map((msg) => invalid(child(field, name), v, msg)));
  }
  return errs;
}

function validatePath(p: HTTPIngressPath, field: string): FieldError[] {
  if (p.pathType === undefined || p.pathType === null)
    return [required(child(field, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const path = p.path ?? '';
  const pathField = child(field, 'path');
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!path.startsWith('/')) errs.push(invalid(pathField, path, 'must be an absolute path'));
    if (path) {
      for (const seq of invalidPathSequences)
        if (path.includes(seq)) errs.push(invalid(pathField, path, `must not contain '${seq}'`));
      for (const suffix of invalidPathSuffixes)
        if (path.endsWith(suffix)) errs.push(invalid(pathField, path, `cannot end with '${suffix}'`));
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (path && !path.startsWith('/')) errs.push(invalid(pathField, path, 'must be an absolute path'));
  } else {
    errs.push(notSupported(child(field, 'pathType'), p.pathType, pathTypes));
  }
  return [...errs, ...validateBackend(p.backend, child(field, 'backend'))];
}

function validateRules(rules: readonly IngressRule[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const p = index(field, i);
    const host = r.host ?? '';
    if (host) {
      if (parseIP(host)) errs.push(invalid(child(p, 'host'), host, 'must be a DNS name, not an IP address'));
      const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
      errs.push(...check(host).map((msg) => invalid(child(p, 'host'), host, msg)));
    }
    if (r.http) {
      const hp = child(p, 'http');
      if ((r.http.paths ?? []).length === 0) errs.push(required(child(hp, 'paths')));
      (r.http.paths ?? []).forEach((path, j) => {
        errs.push(...validatePath(path, index(child(hp, 'paths'), j)));
      });
    }
  });
  return errs;
}

function validateIngressSpec(ing: Ingress): FieldError[] {
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) {
    const rendered = spec.rules
      ? goSlice(
          'networking.IngressRule',
          spec.rules.map(() => 'networking.IngressRule{}'),
        )
      : '[]networking.IngressRule(nil)';
    errs.push(invalid('spec', go(rendered), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (rules.length > 0) errs.push(...validateRules(rules, 'spec.rules'));
  (spec.tls ?? []).forEach((tls, i) => {
    const p = index('spec.tls', i);
    (tls.hosts ?? []).forEach((h, j) => {
      const check = h.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
      errs.push(...check(h).map((msg) => invalid(index(child(p, 'hosts'), j), h, msg)));
    });
    if (tls.secretName)
      errs.push(
        ...nameIsDNSSubdomain(tls.secretName, false).map((msg) =>
          invalid(child(p, 'secretName'), tls.secretName ?? '', msg),
        ),
      );
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    const name = spec.ingressClassName;
    errs.push(...nameIsDNSSubdomain(name, false).map((msg) => invalid('spec.ingressClassName', name, msg)));
  }
  return errs;
}

export function validateIngress(ing: Ingress): FieldError[] {
  const errs = [...validateObjectMeta(meta(ing), true, nameIsDNSSubdomain), ...validateIngressSpec(ing)];
  const annotation = ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  const cls = ing.spec?.ingressClassName;
  if (annotation !== undefined && cls !== undefined && cls !== null && annotation !== cls) {
    errs.push(
      invalid(
        'annotations.kubernetes.io/ingress.class',
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  return [
    ...validateObjectMetaUpdate(meta(ing), meta(old)),
    ...validateObjectMeta(meta(ing), true, nameIsDNSSubdomain),
    ...validateIngressSpec(ing),
  ];
}

export function validateIngressStatusUpdate(ing: Ingress, old: Ingress): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(ing), meta(old));
  (ing.status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    const p = index('status.loadBalancer.ingress', i);
    if (lb.ip) errs.push(...validateIP(child(p, 'ip'), lb.ip));
    if (lb.hostname) {
      errs.push(...isDNS1123Subdomain(lb.hostname).map((msg) => invalid(child(p, 'hostname'), lb.hostname ?? '', msg)));
      if (parseIP(lb.hostname))
        errs.push(invalid(child(p, 'hostname'), lb.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** Go's `IsDomainPrefixedPath` (the IngressClass controller name, `example.com/ingress-nginx`). */
function validateDomainPrefixedPath(value: string, field: string): FieldError[] {
  if (!value) return [required(field)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? '' : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || !host || !rest)
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((msg) => invalid(field, host, msg));
  if (!new RegExp(`^${httpPathFmt}$`).test(rest))
    errs.push(invalid(field, rest, regexError('Invalid path', httpPathFmt)));
  return errs;
}

function validateIngressClassSpec(ic: IngressClass): FieldError[] {
  const spec = ic.spec ?? {};
  const errs: FieldError[] = [];
  const controller = spec.controller ?? '';
  if (byteLength(controller) > 250) errs.push(tooLong('spec.controller', 250));
  errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  const params = spec.parameters;
  if (params) {
    const p = 'spec.parameters';
    errs.push(...validateTypedReference(params, p));
    if (params.scope === undefined || params.scope === null) errs.push(required(child(p, 'scope')));
    else if (params.scope !== 'Cluster' && params.scope !== 'Namespace')
      errs.push(notSupported(child(p, 'scope'), params.scope, ['Cluster', 'Namespace']));
    else if (params.scope === 'Namespace') {
      if (params.namespace === undefined)
        errs.push(required(child(p, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
      else
        errs.push(
          ...nameIsDNSLabel(params.namespace, false).map((msg) =>
            invalid(child(p, 'namespace'), params.namespace ?? '', msg),
          ),
        );
    } else if (params.namespace !== undefined) {
      errs.push(forbidden(child(p, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return errs;
}

export function validateIngressClass(ic: IngressClass): FieldError[] {
  return [...validateObjectMeta(meta(ic), false, nameIsDNSSubdomain), ...validateIngressClassSpec(ic)];
}

export function validateIngressClassUpdate(ic: IngressClass, old: IngressClass): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(ic), meta(old));
  if ((ic.spec?.controller ?? '') !== (old.spec?.controller ?? '')) {
    errs.push(invalid('spec.controller', ic.spec?.controller ?? '', fieldImmutableErrorMsg));
  }
  return [...errs, ...validateIngressClass(ic)];
}
