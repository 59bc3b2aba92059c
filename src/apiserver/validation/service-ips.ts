/** Service cluster IPs, IP families and their update rules (kubernetes core validation). */
import type { Service } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, invalid, notSupported, required } from './field-errors.js';
import { index } from './field-path.js';
import { go, goQuote, goSlice, goStringSlice } from './go-syntax.js';
import { isDualStack, isIPv6String, validateIP } from './ip.js';

export function isHeadless(svc: Service): boolean {
  const ips = svc.spec?.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

const families = ['IPv4', 'IPv6'];
const familyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

function ipList(ips: readonly string[] | undefined) {
  return go(goStringSlice(ips));
}

/** `clusterIP` and `clusterIPs` agree, are valid, at most two of distinct families, matching `ipFamilies`. */
export function validateClusterIPFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const ipsField = 'spec.clusterIPs';
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required(ipsField));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalid(ipsField, ipList(spec.clusterIPs), 'first value must match `clusterIP`'));
  } else if (ips.length > 0) {
    errs.push(invalid(ipsField, ipList(ips), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!families.includes(f)) errs.push(notSupported(index('spec.ipFamilies', i), f, families));
    if (seen.has(f)) errs.push(duplicate(index('spec.ipFamilies', i), f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && policy !== null && !familyPolicies.includes(policy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', policy, familyPolicies));
  }
  let hasInvalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalid = true;
        errs.push(invalid(ipsField, ipList(ips), "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(index(ipsField, i), ip);
    if (e.length > 0) hasInvalid = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid(ipsField, ipList(ips), 'may only hold up to 2 values'));
  if (hasInvalid) return errs;
  if (ips.length > 1 && !isDualStack(ips)) {
    errs.push(invalid(ipsField, ipList(ips), 'may specify no more than one IP for each IP family'));
  }
  const fams = spec.ipFamilies ?? [];
  if (!isHeadless(svc) && ips.length > 0 && fams.length > 0) {
    ips.forEach((ip, i) => {
      if (i > fams.length - 1) return;
      if (fams[i] === 'IPv4' && isIPv6String(ip)) {
        errs.push(invalid(index(ipsField, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (fams[i] === 'IPv6' && !isIPv6String(ip)) {
        errs.push(invalid(index(ipsField, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

/** Cluster IPs may gain or lose a secondary address but never change. */
export function validateClusterIPsUpdate(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const before = old.spec?.clusterIPs ?? [];
  const now = svc.spec?.clusterIPs;
  const list = now ?? [];
  const rendered = ipList(now);
  const errs: FieldError[] = [];
  if (before.length === list.length) {
    before.forEach((ip, i) => {
      if (ip !== list[i]) errs.push(invalid(index('spec.clusterIPs', i), rendered, 'may not change once set'));
    });
  } else if (before.length > list.length) {
    if (list.length === 0) errs.push(invalid('spec.clusterIPs[0]', rendered, 'primary clusterIP can not be unset'));
    if (before.length > 0 && list.length > 0 && list[0] !== before[0]) {
      errs.push(invalid('spec.clusterIPs[0]', rendered, 'may not change once set'));
    }
    if (list.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (before.length > 0 && list[0] !== before[0]) {
    errs.push(invalid('spec.clusterIPs[0]', rendered, 'may not change once set'));
  }
  return errs;
}

/** IP families follow the cluster IPs: they may be added or released but the primary never changes. */
export function validateIPFamiliesUpdate(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(old) !== isHeadless(svc) || isHeadless(svc)) return [];
  const before = old.spec?.ipFamilies ?? [];
  const now = svc.spec?.ipFamilies;
  const list = now ?? [];
  const families = go(
    goSlice(
      'core.IPFamily',
      now?.map((f) => goQuote(f)),
    ),
  );
  const clusterIPs = ipList(svc.spec?.clusterIPs);
  const errs: FieldError[] = [];
  if (before.length === list.length) {
    before.forEach((f, i) => {
      if (f !== list[i]) errs.push(invalid('spec.ipFamilies[0]', families, 'may not change once set'));
    });
  } else if (before.length > list.length) {
    if ((svc.spec?.clusterIPs ?? []).length === 0)
      errs.push(invalid('spec.ipFamilies[0]', families, 'primary ipFamily can not be unset'));
    if (list.length > 0 && list[0] !== before[0])
      errs.push(invalid('spec.ipFamilies[0]', clusterIPs, 'may not change once set'));
    if (list.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (before.length > 0 && list.length > 0 && list[0] !== before[0]) {
    errs.push(invalid('spec.ipFamilies[0]', clusterIPs, 'may not change once set'));
  }
  return errs;
}
