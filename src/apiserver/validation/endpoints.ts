/** Endpoints (core) and EndpointSlices (discovery.k8s.io). */
import type { EndpointAddress, EndpointPort, Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import {
  duplicate,
  fieldImmutableErrorMsg,
  internalError,
  invalid,
  notSupported,
  required,
  tooMany,
} from './field-errors.js';
import { child, index, key } from './field-path.js';
import { isIPv4String, isIPv6String, parseIP, validateIP, validateNonSpecialIP } from './ip.js';
import { validateLabels } from './labels.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { supportedPortProtocols } from './pod-containers.js';

function meta(o: { metadata?: unknown }): ObjectMeta {
  return (o.metadata ?? {}) as ObjectMeta;
}

function label(value: string, field: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(field, value, msg));
}

function validateAddress(a: EndpointAddress, field: string): FieldError[] {
  const errs = validateIP(child(field, 'ip'), a.ip ?? '');
  if (a.hostname) errs.push(...label(a.hostname, child(field, 'hostname')));
  if (a.nodeName !== undefined && a.nodeName !== null) {
    errs.push(
      ...nameIsDNSSubdomain(a.nodeName, false).map((msg) => invalid(child(field, 'nodeName'), a.nodeName ?? '', msg)),
    );
  }
  return [...errs, ...validateNonSpecialIP(child(field, 'ip'), a.ip ?? '')];
}

function validatePort(p: EndpointPort, requireName: boolean, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(field, 'name')));
  else if (p.name) errs.push(...label(p.name, child(field, 'name')));
  errs.push(...isValidPortNum(p.port).map((msg) => invalid(child(field, 'port'), p.port, msg)));
  if (!p.protocol) errs.push(required(child(field, 'protocol')));
  else if (!supportedPortProtocols.includes(p.protocol))
    errs.push(notSupported(child(field, 'protocol'), p.protocol, supportedPortProtocols));
  if (p.appProtocol !== undefined)
    errs.push(
      ...isQualifiedName(p.appProtocol).map((msg) => invalid(child(field, 'appProtocol'), p.appProtocol ?? '', msg)),
    );
  return errs;
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs = validateObjectMeta(meta(ep), true, nameIsDNSSubdomain);
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = index('subsets', i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => {
      errs.push(...validateAddress(a, index(child(p, 'addresses'), j)));
    });
    (ss.notReadyAddresses ?? []).forEach((a, j) => {
      errs.push(...validateAddress(a, index(child(p, 'notReadyAddresses'), j)));
    });
    const ports = ss.ports ?? [];
    ports.forEach((port, j) => {
      errs.push(...validatePort(port, ports.length > 1, index(child(p, 'ports'), j)));
    });
  });
  return errs;
}

export function validateEndpointsUpdate(ep: Endpoints, old: Endpoints): FieldError[] {
  return [...validateObjectMetaUpdate(meta(ep), meta(old)), ...validateEndpoints(ep)];
}

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];

/** Go's `IsFullyQualifiedDomainName`: a DNS subdomain of at least two labels (a trailing dot allowed). */
function validateFQDN(value: string, field: string): FieldError[] {
  if (!value) return [required(field)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(field, name, errs.join(','))];
  if (name.split('.').length < 2)
    return [invalid(field, name, 'should be a domain with at least two segments separated by dots')];
  for (const part of name.split('.')) {
    const msgs = isDNS1123Label(part);
    if (msgs.length > 0) return [invalid(field, part, msgs.join(','))];
  }
  return [];
}

function validateSliceAddress(address: string, type: string, field: string): FieldError[] {
  if (type === 'FQDN') return validateFQDN(address, field);
  if (type !== 'IPv4' && type !== 'IPv6') return [];
  const errs = validateIP(field, address);
  if (errs.length > 0) return errs;
  if (type === 'IPv4' && !isIPv4String(address)) return [invalid(field, address, 'must be an IPv4 address')];
  if (type === 'IPv6' && !isIPv6String(address)) return [invalid(field, address, 'must be an IPv6 address')];
  return parseIP(address) ? validateNonSpecialIP(field, address) : [];
}

export function validateEndpointSlice(es: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(meta(es), true, nameIsDNSSubdomain);
  const type = es.addressType ?? '';
  if (!type) errs.push(required('addressType'));
  else if (!addressTypes.includes(type)) errs.push(notSupported('addressType', type, addressTypes));
  const endpoints = es.endpoints ?? [];
  if (endpoints.length > 1000) errs.push(tooMany('endpoints', endpoints.length, 1000));
  else {
    endpoints.forEach((ep, i) => {
      const p = index('endpoints', i);
      const addrPath = child(p, 'addresses');
      const addrs = ep.addresses ?? [];
      if (addrs.length === 0) errs.push(required(addrPath, 'must contain at least 1 address'));
      else if (addrs.length > 100) errs.push(tooMany(addrPath, addrs.length, 100));
      addrs.forEach((a, j) => {
        errs.push(...validateSliceAddress(a, type, index(addrPath, j)));
      });
      if (ep.nodeName !== undefined && ep.nodeName !== null) {
        errs.push(
          ...nameIsDNSSubdomain(ep.nodeName, false).map((msg) => invalid(child(p, 'nodeName'), ep.nodeName ?? '', msg)),
        );
      }
      const topo = ep.deprecatedTopology ?? {};
      const topoPath = child(p, 'deprecatedTopology');
      if (Object.keys(topo).length > 16) errs.push(tooMany(topoPath, Object.keys(topo).length, 16));
      errs.push(...validateLabels(topo, topoPath));
      if (Object.hasOwn(topo, 'topology.kubernetes.io/zone')) {
        errs.push(
          internalError(key(topoPath, 'topology.kubernetes.io/zone'), 'reserved key was not removed in conversion'),
        );
      }
      if (ep.hostname !== undefined && ep.hostname !== null) errs.push(...label(ep.hostname, child(p, 'hostname')));
      const zones = ep.hints?.forZones ?? [];
      if (zones.length > 8) errs.push(tooMany(child(p, 'hints', 'forZones'), zones.length, 8));
      else {
        const seen = new Set<string>();
        zones.forEach((z, k) => {
          const zp = child(index(child(p, 'hints', 'forZones'), k), 'name');
          if (seen.has(z.name)) errs.push(duplicate(zp, z.name));
          seen.add(z.name);
          errs.push(...isValidLabelValue(z.name).map((msg) => invalid(zp, z.name, msg)));
        });
      }
    });
  }
  const ports = es.ports ?? [];
  if (ports.length > 20000) errs.push(tooMany('ports', ports.length, 20000));
  else {
    const names = new Set<string>();
    ports.forEach((port, i) => {
      const p = index('ports', i);
      const name = port.name ?? '';
      if (name) errs.push(...label(name, child(p, 'name')));
      if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      names.add(name);
      if (!port.protocol) errs.push(required(child(p, 'protocol')));
      else if (!supportedPortProtocols.includes(port.protocol))
        errs.push(notSupported(child(p, 'protocol'), port.protocol, supportedPortProtocols));
      if (port.appProtocol !== undefined) {
        errs.push(
          ...isQualifiedName(port.appProtocol).map((msg) =>
            invalid(child(p, 'appProtocol'), port.appProtocol ?? '', msg),
          ),
        );
      }
    });
  }
  return errs;
}

export function validateEndpointSliceUpdate(es: EndpointSlice, old: EndpointSlice): FieldError[] {
  const errs = [...validateObjectMetaUpdate(meta(es), meta(old)), ...validateEndpointSlice(es)];
  if ((es.addressType ?? '') !== (old.addressType ?? ''))
    errs.push(invalid('addressType', es.addressType ?? '', fieldImmutableErrorMsg));
  return errs;
}
