import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { ingressClassPrinter, ingressPrinter } from './ingress.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const metadata = { name: 'web', creationTimestamp: '2024-06-01T09:00:00Z' };

describe('ingress printer', () => {
  const ingress = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata,
    spec,
    status,
  });
  const rules = (...hosts: (string | undefined)[]) => hosts.map((host) => (host ? { host } : {}));
  const cases: [string, KubeObject, unknown[]][] = [
    ['defaults', ingress({}), ['web', '<none>', '*', '', '80', '3h']],
    [
      'class, one host, TLS',
      ingress({ ingressClassName: 'nginx', rules: rules('foo.com'), tls: [{ hosts: ['foo.com'] }] }),
      ['web', 'nginx', 'foo.com', '', '80, 443', '3h'],
    ],
    ['rules without hosts', ingress({ rules: rules(undefined, undefined) }), ['web', '<none>', '*', '', '80', '3h']],
    [
      'hostless rules are skipped but counted in "more" (upstream quirk)',
      ingress({ rules: rules('a.com', undefined, 'b.com', 'c.com', 'd.com') }),
      ['web', '<none>', 'a.com,b.com,c.com + 2 more...', '', '80', '3h'],
    ],
    [
      'four hosts',
      ingress({ rules: rules('a.com', 'b.com', 'c.com', 'd.com') }),
      ['web', '<none>', 'a.com,b.com,c.com + 1 more...', '', '80', '3h'],
    ],
    [
      'load balancer addresses',
      ingress(
        { rules: rules('foo.com') },
        { loadBalancer: { ingress: [{ ip: '192.168.0.2' }, { hostname: 'lb.local' }] } },
      ),
      ['web', '<none>', 'foo.com', '192.168.0.2,lb.local', '80', '3h'],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(ingressPrinter.cells(obj, NOW), expected));
  }
});

describe('ingressclass printer', () => {
  const ingressClass = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata,
    spec,
  });
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'no parameters',
      ingressClass({ controller: 'k8s.io/ingress-nginx' }),
      ['web', 'k8s.io/ingress-nginx', '<none>', '3h'],
    ],
    [
      'parameters with API group',
      ingressClass({
        controller: 'example.com/ctl',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      }),
      ['web', 'example.com/ctl', 'IngressParameters.k8s.example.com/external-lb', '3h'],
    ],
    [
      'parameters without API group',
      ingressClass({ controller: 'example.com/ctl', parameters: { kind: 'ConfigMap', name: 'params' } }),
      ['web', 'example.com/ctl', 'ConfigMap/params', '3h'],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(ingressClassPrinter.cells(obj, NOW), expected));
  }
});
