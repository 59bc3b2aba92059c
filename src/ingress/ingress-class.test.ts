import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOurIngress, kubelingIngressClass } from './ingress-class.js';
import type { Ingress, IngressClass } from './kinds.js';

function ing(className?: string, legacy?: string): Ingress {
  return {
    metadata: {
      name: 'i',
      namespace: 'ns',
      ...(legacy ? { annotations: { 'kubernetes.io/ingress.class': legacy } } : {}),
    },
    spec: className ? { ingressClassName: className } : {},
  };
}

function cls(name: string, controller: string, isDefault = false): IngressClass {
  return {
    metadata: {
      name,
      ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    spec: { controller },
  };
}

const ours = kubelingIngressClass();
const nginx = cls('nginx', 'k8s.io/ingress-nginx');

describe('isOurIngress', () => {
  const table: [string, Ingress, IngressClass[], boolean][] = [
    ['names kubeling', ing('kubeling'), [ours, nginx], true],
    ['names kubeling before the class exists', ing('kubeling'), [], true],
    ['names another controller', ing('nginx'), [ours, nginx], false],
    ['names an unknown class', ing('missing'), [ours], false],
    ['names another class of our controller', ing('mine'), [ours, cls('mine', 'kubeling.dev/ingress')], true],
    ['legacy annotation kubeling', ing(undefined, 'kubeling'), [ours, nginx], true],
    ['legacy annotation nginx', ing(undefined, 'nginx'), [ours, nginx], false],
    ['no class, kubeling is default', ing(), [ours, nginx], true],
    ['no class, no default at all', ing(), [cls('kubeling', 'kubeling.dev/ingress'), nginx], true],
    [
      'no class, another class is default',
      ing(),
      [cls('kubeling', 'kubeling.dev/ingress'), cls('nginx', 'k8s.io/ingress-nginx', true)],
      false,
    ],
  ];
  for (const [name, ingress, classes, want] of table) {
    it(name, () => assert.equal(isOurIngress(ingress, classes), want));
  }
});
