/** Printers for networking.k8s.io/v1 Ingress (`printIngress`) and IngressClass (`printIngressClass`). */

import type { Ingress, IngressClass, IngressRule } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../../api/object.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, type Printer, view } from './printer.js';
import { loadBalancerAddresses } from './service.js';

const MAX_HOSTS = 3;

/** `formatHosts`: the first three rules' hosts (`*` when none has one), then `+ N more...` counting all rules. */
function formatHosts(rules: readonly IngressRule[] | undefined): string {
  const all = rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const rule of all) {
    if (list.length === MAX_HOSTS) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${all.length - MAX_HOSTS} more...` : joined;
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    column('Class', {
      description: 'The name of the IngressClass resource that should be used for additional configuration',
    }),
    column('Hosts', { description: 'Hosts that incoming requests are matched against before the ingress rule' }),
    column('Address', { description: 'Address is a list containing ingress points for the load-balancer' }),
    column('Ports', { description: 'Ports of TLS configurations that open' }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const ing = view<Ingress>(obj);
    return [
      nameOf(obj),
      ing.spec?.ingressClassName ?? '<none>',
      formatHosts(ing.spec?.rules),
      loadBalancerAddresses(ing.status?.loadBalancer),
      (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
      ageOf(obj, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', { description: 'Controller that is responsible for handling this class' }),
    column('Parameters', { description: 'A reference to a resource with additional parameters' }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const spec = view<IngressClass>(obj).spec;
    let parameters = '<none>';
    if (spec?.parameters) {
      const { apiGroup, kind, name } = spec.parameters;
      parameters = `${kind}${typeof apiGroup === 'string' ? `.${apiGroup}` : ''}/${name}`;
    }
    return [nameOf(obj), spec?.controller ?? '', parameters, ageOf(obj, now)];
  },
};
