/** Scheduling-related parts of a pod spec: tolerations, affinity, topology spread, DNS config, host aliases. */
import type {
  Affinity,
  HostAlias,
  NodeSelector,
  NodeSelectorTerm,
  PodAffinityTerm,
  PodDNSConfig,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { duplicate, forbidden, invalid, notSupported, required } from './field-errors.js';
import { child, index } from './field-path.js';
import { go, goPointer, goQuote, goStringSlice, goStruct } from './go-syntax.js';
import { validateIP } from './ip.js';
import { validateLabelName, validateLabelSelector } from './labels.js';
import { isDNS1123Subdomain, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';

export const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): FieldError[] {
  if (!allowEmpty && effect === '') return [required(field)];
  return taintEffects.includes(effect) ? [] : [notSupported(field, effect, taintEffects)];
}

function goToleration(t: Toleration): string {
  return goStruct('core.Toleration', [
    ['Key', goQuote(t.key ?? '')],
    ['Operator', goQuote(t.operator ?? '')],
    ['Value', goQuote(t.value ?? '')],
    ['Effect', goQuote(t.effect ?? '')],
    ['TolerationSeconds', goPointer('int64', t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)],
  ]);
}

export function validateTolerations(tolerations: readonly Toleration[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = index(field, i);
    const op = t.operator ?? '';
    if (t.key) errs.push(...validateLabelName(t.key, child(p, 'key')));
    if (!t.key && op !== 'Exists') {
      errs.push(
        invalid(
          child(p, 'operator'),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(
        invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(t.value ?? '');
      if (msgs.length > 0) errs.push(invalid(child(p, 'operator'), t.value ?? '', msgs.join(';')));
    } else if (op === 'Exists') {
      if (t.value)
        errs.push(
          invalid(child(p, 'operator'), go(goToleration(t)), "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, child(p, 'effect')));
  });
  return errs;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, j) => {
    const p = index(child(field, 'matchExpressions'), j);
    const values = r.values ?? [];
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (values.length === 0)
        errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (r.operator === 'Gt' || r.operator === 'Lt') {
      if (values.length !== 1)
        errs.push(required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    } else {
      errs.push(invalid(child(p, 'operator'), r.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(r.key ?? '', child(p, 'key')));
  });
  (term.matchFields ?? []).forEach((r, j) => {
    const p = index(child(field, 'matchFields'), j);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if ((r.values ?? []).length !== 1) {
        errs.push(
          required(
            child(p, 'values'),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else {
      errs.push(invalid(child(p, 'operator'), r.operator ?? '', 'not a valid selector operator'));
    }
    if (r.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), r.key ?? '', 'not a valid field selector key'));
    else {
      (r.values ?? []).forEach((v, k) => {
        errs.push(...nameIsDNSSubdomain(v, false).map((msg) => invalid(index(child(p, 'values'), k), v, msg)));
      });
    }
  });
  return errs;
}

function validateNodeSelector(sel: NodeSelector, field: string): FieldError[] {
  const termsPath = child(field, 'nodeSelectorTerms');
  if ((sel.nodeSelectorTerms ?? []).length === 0)
    return [required(termsPath, 'must have at least one node selector term')];
  return sel.nodeSelectorTerms.flatMap((t, i) => validateNodeSelectorTerm(t, index(termsPath, i)));
}

function validatePodAffinityTerm(term: PodAffinityTerm, field: string): FieldError[] {
  const errs = [
    ...validateLabelSelector(term.labelSelector, {}, child(field, 'labelSelector')),
    ...validateLabelSelector(term.namespaceSelector, {}, child(field, 'namespaceSelector')),
  ];
  for (const ns of term.namespaces ?? [])
    errs.push(...nameIsDNSLabel(ns, false).map((msg) => invalid(child(field, 'namespace'), ns, msg)));
  if (!term.topologyKey) errs.push(required(child(field, 'topologyKey'), 'can not be empty'));
  return [...errs, ...validateLabelName(term.topologyKey ?? '', child(field, 'topologyKey'))];
}

function validateWeighted(terms: readonly WeightedPodAffinityTerm[] | undefined, field: string): FieldError[] {
  return (terms ?? []).flatMap((t, j) => {
    const errs: FieldError[] = [];
    if (t.weight <= 0 || t.weight > 100)
      errs.push(invalid(child(index(field, j), 'weight'), t.weight, 'must be in the range 1-100'));
    return [...errs, ...validatePodAffinityTerm(t.podAffinityTerm, child(index(field, j), 'podAffinityTerm'))];
  });
}

export function validateAffinity(affinity: Affinity | undefined, field: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na) {
    const p = child(field, 'nodeAffinity');
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) errs.push(...validateNodeSelector(req, child(p, 'requiredDuringSchedulingIgnoredDuringExecution')));
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (t.weight <= 0 || t.weight > 100)
        errs.push(invalid(child(tp, 'weight'), t.weight, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(t.preference, child(tp, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = affinity[kind];
    if (!pa) continue;
    const p = child(field, kind);
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, index(child(p, 'requiredDuringSchedulingIgnoredDuringExecution'), i)));
    });
    errs.push(
      ...validateWeighted(
        pa.preferredDuringSchedulingIgnoredDuringExecution,
        child(p, 'preferredDuringSchedulingIgnoredDuringExecution'),
      ),
    );
  }
  return errs;
}

export function validateTopologySpreadConstraints(
  constraints: readonly TopologySpreadConstraint[] | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const list = constraints ?? [];
  list.forEach((c, i) => {
    const p = index(field, i);
    if (c.maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const actions = ['DoNotSchedule', 'ScheduleAnyway'];
    if (!actions.includes(c.whenUnsatisfiable))
      errs.push(notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable, actions));
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(
          invalid(
            child(p, 'minDomains'),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`,
          ),
        );
      }
    }
    for (const name of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[name];
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore')
        errs.push(notSupported(child(p, name), v, ['Honor', 'Ignore']));
    }
    errs.push(...validateLabelSelector(c.labelSelector, {}, child(p, 'labelSelector')));
  });
  return errs;
}

export function validateDNSConfig(cfg: PodDNSConfig | undefined, dnsPolicy: string, field: string): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!cfg) return [required(field, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((cfg.nameservers ?? []).length === 0) {
      return [
        required(child(field, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'),
      ];
    }
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const ns = cfg.nameservers ?? [];
  if (ns.length > 3)
    errs.push(invalid(child(field, 'nameservers'), go(goStringSlice(ns)), 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => {
    errs.push(...validateIP(index(child(field, 'nameservers'), i), n));
  });
  const searches = cfg.searches ?? [];
  if (searches.length > 32)
    errs.push(
      invalid(child(field, 'searches'), go(goStringSlice(searches)), 'must not have more than 32 search paths'),
    );
  if (searches.join(' ').length > 2048) {
    errs.push(
      invalid(
        child(field, 'searches'),
        go(goStringSlice(searches)),
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((s, i) => {
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(...isDNS1123Subdomain(trimmed).map((msg) => invalid(index(child(field, 'searches'), i), trimmed, msg)));
  });
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(required(index(child(field, 'options'), i), 'must not be empty'));
  });
  return errs;
}

export function validateHostAliases(aliases: readonly HostAlias[] | undefined, field: string): FieldError[] {
  return (aliases ?? []).flatMap((a, i) => [
    ...validateIP(child(index(field, i), 'ip'), a.ip ?? ''),
    ...(a.hostnames ?? []).flatMap((h, j) =>
      isDNS1123Subdomain(h).map((msg) => invalid(index(child(index(field, i), 'hostnames'), j), h, msg)),
    ),
  ]);
}
