import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from 'kubernetes-types/core/v1.js';
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from './service.js';
import { edit, messages, service, type Writable } from './test-fixtures.js';

const duplicatePort80 =
  'core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}';

describe('Service create', () => {
  const cases: [string, (s: Writable<Service>) => void, string[]][] = [
    ['valid', () => {}, []],
    [
      'not yet allocated',
      (s) => {
        delete s.spec!.clusterIP;
        delete s.spec!.clusterIPs;
      },
      [],
    ],
    [
      'name is a DNS-1035 label',
      (s) => (s.metadata!.name = '1web'),
      [
        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['no ports', (s) => (s.spec!.ports = []), ['spec.ports: Required value']],
    [
      'headless without ports',
      (s) => {
        s.spec!.ports = [];
        s.spec!.clusterIP = 'None';
        s.spec!.clusterIPs = ['None'];
      },
      [],
    ],
    [
      'two unnamed ports',
      (s) =>
        (s.spec!.ports = [
          { port: 80, protocol: 'TCP', targetPort: 80 },
          { port: 443, protocol: 'TCP', targetPort: 443 },
        ]),
      ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    ],
    [
      'same port twice',
      (s) =>
        (s.spec!.ports = [
          { name: 'a', port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'b', port: 80, protocol: 'TCP', targetPort: 8080 },
        ]),
      [`spec.ports[1]: Duplicate value: ${duplicatePort80}`],
    ],
    [
      'same name twice',
      (s) =>
        (s.spec!.ports = [
          { name: 'a', port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'a', port: 81, protocol: 'TCP', targetPort: 81 },
        ]),
      ['spec.ports[1].name: Duplicate value: "a"'],
    ],
    [
      'port 0',
      (s) => (s.spec!.ports![0]!.port = 0),
      ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ],
    [
      'targetPort name',
      (s) => (s.spec!.ports![0]!.targetPort = 'Web_Port'),
      [
        'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    ],
    [
      'protocol',
      (s) => (s.spec!.ports![0]!.protocol = 'HTTP'),
      ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'nodePort on ClusterIP',
      (s) => (s.spec!.ports![0]!.nodePort = 30080),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'type',
      (s) => (s.spec!.type = 'Internal'),
      [
        'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      'ExternalName without a name',
      (s) => {
        s.spec = { type: 'ExternalName', sessionAffinity: 'None' };
      },
      ['spec.externalName: Required value'],
    ],
    [
      'ExternalName with cluster IPs',
      (s) => {
        s.spec!.type = 'ExternalName';
        s.spec!.externalName = 'example.com.';
        delete s.spec!.ipFamilies;
        delete s.spec!.ipFamilyPolicy;
      },
      ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    ],
    [
      'headless NodePort',
      (s) => {
        s.spec!.type = 'NodePort';
        s.spec!.clusterIP = 'None';
        s.spec!.clusterIPs = ['None'];
        s.spec!.externalTrafficPolicy = 'Cluster';
      },
      ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
    ],
    [
      'clusterIP and clusterIPs disagree',
      (s) => (s.spec!.clusterIPs = ['10.96.0.11']),
      ['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`'],
    ],
    [
      'invalid clusterIP',
      (s) => {
        s.spec!.clusterIP = '10.96.0.999';
        s.spec!.clusterIPs = ['10.96.0.999'];
      },
      [
        'spec.clusterIPs[0]: Invalid value: "10.96.0.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
    [
      'ClientIP affinity timeout',
      (s) => {
        s.spec!.sessionAffinity = 'ClientIP';
        s.spec!.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } };
      },
      [
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
      ],
    ],
    [
      'affinity config with None',
      (s) => (s.spec!.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10 } }),
      ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
    ],
    [
      'selector value',
      (s) => (s.spec!.selector = { app: 'a b' }),
      [
        "spec.selector: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    [
      'externalTrafficPolicy on ClusterIP',
      (s) => (s.spec!.externalTrafficPolicy = 'Local'),
      ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ],
    [
      'LoadBalancer fields',
      (s) => {
        s.spec!.type = 'LoadBalancer';
        s.spec!.externalTrafficPolicy = 'Cluster';
        s.spec!.loadBalancerSourceRanges = ['10.0.0.0/33'];
      },
      [
        'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        'allocateLoadBalancerNodePorts: Required value',
      ],
    ],
  ];
  for (const [name, change, want] of cases)
    it(name, () => assert.deepEqual(messages(validateService(edit(service(), change))), want));
});

describe('Service update', () => {
  const old = service();
  it('keeps cluster IPs', () => {
    const moved = edit(old, (s) => {
      s.spec!.clusterIP = '10.96.0.20';
      s.spec!.clusterIPs = ['10.96.0.20'];
    });
    assert.deepEqual(messages(validateServiceUpdate(moved, old)), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set',
    ]);
  });

  it('refuses unsetting the primary cluster IP', () => {
    const unset = edit(old, (s) => {
      delete s.spec!.clusterIP;
      delete s.spec!.clusterIPs;
    });
    assert.deepEqual(messages(validateServiceUpdate(unset, old)), [
      'spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset',
    ]);
  });

  it('allows switching to ExternalName', () => {
    const ext = edit(old, (s) => {
      s.spec = { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' };
    });
    assert.deepEqual(validateServiceUpdate(ext, old), []);
  });
});

describe('Service status', () => {
  it('only LoadBalancers have ingress points', () => {
    const s = edit(service(), (x) => (x.status = { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } }));
    assert.deepEqual(messages(validateServiceStatusUpdate(s, service())), [
      "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
    ]);
  });
});
