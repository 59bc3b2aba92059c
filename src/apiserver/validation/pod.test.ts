import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { validatePodCreate, validatePodTemplateSpec } from './pod.js';
import { edit, messages, pod, podSpec, type Writable } from './test-fixtures.js';

const label =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

type Case = [string, (p: Writable<Pod>) => void, string[]];

const c0 = (p: Pod) => p.spec!.containers[0]!;

const cases: Case[] = [
  ['valid defaulted pod', () => {}, []],
  ['no containers', (p) => (p.spec!.containers = []), ['spec.containers: Required value']],
  ['container name', (p) => (c0(p).name = 'Web'), [`spec.containers[0].name: Invalid value: "Web": ${label}`]],
  [
    'duplicate container',
    (p) => p.spec!.containers.push({ ...c0(p), ports: [] }),
    ['spec.containers[1].name: Duplicate value: "web"'],
  ],
  ['missing image', (p) => delete c0(p).image, ['spec.containers[0].image: Required value']],
  [
    'image whitespace',
    (p) => (c0(p).image = ' nginx'),
    ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
  ],
  [
    'port range',
    (p) => (c0(p).ports = [{ containerPort: 70000, protocol: 'TCP' }]),
    ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ],
  [
    'port required',
    (p) => (c0(p).ports = [{ containerPort: 0, protocol: 'TCP' }]),
    ['spec.containers[0].ports[0].containerPort: Required value'],
  ],
  [
    'protocol',
    (p) => (c0(p).ports = [{ containerPort: 80, protocol: 'HTTP' }]),
    ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
  ],
  [
    'port name',
    (p) => (c0(p).ports = [{ name: 'HTTP', containerPort: 80, protocol: 'TCP' }]),
    [
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ],
  ],
  [
    'host port clash',
    (p) =>
      (c0(p).ports = [
        { containerPort: 80, hostPort: 8080, protocol: 'TCP' },
        { containerPort: 81, hostPort: 8080, protocol: 'TCP' },
      ]),
    ['spec.containers[0].ports[1].hostPort: Duplicate value: "TCP//8080"'],
  ],
  [
    'mount of unknown volume',
    (p) => (c0(p).volumeMounts = [{ name: 'data', mountPath: '/data' }]),
    ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  ],
  [
    'volume without a source',
    (p) => (p.spec!.volumes = [{ name: 'data' }]),
    ['spec.volumes[0]: Required value: must specify a volume type'],
  ],
  [
    'volume with two sources',
    (p) => (p.spec!.volumes = [{ name: 'data', emptyDir: {}, configMap: { name: 'cm' } }]),
    ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type'],
  ],
  [
    'volume name',
    (p) => (p.spec!.volumes = [{ name: 'Data', emptyDir: {} }]),
    [`spec.volumes[0].name: Invalid value: "Data": ${label}`],
  ],
  [
    'duplicate mount path',
    (p) => {
      p.spec!.volumes = [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ];
      c0(p).volumeMounts = [
        { name: 'a', mountPath: '/x' },
        { name: 'b', mountPath: '/x' },
      ];
    },
    ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique'],
  ],
  [
    'configMap item path',
    (p) => (p.spec!.volumes = [{ name: 'c', configMap: { name: 'cm', items: [{ key: 'k', path: '../x' }] } }]),
    ['spec.volumes[0].configMap.items[0].path: Invalid value: "../x": must not contain \'..\''],
  ],
  [
    'env name',
    (p) => (c0(p).env = [{ name: 'A=B', value: 'x' }]),
    [
      'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    ],
  ],
  [
    'env value and valueFrom',
    (p) =>
      (c0(p).env = [
        { name: 'A', value: 'x', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      ]),
    ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
  ],
  [
    'env fieldRef path',
    (p) =>
      (c0(p).env = [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.restartPolicy' } } }]),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
  ],
  [
    'env fieldRef unknown',
    (p) => (c0(p).env = [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.bogus' } } }]),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus',
    ],
  ],
  [
    'request above limit',
    (p) => (c0(p).resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  ],
  [
    'request above limit, canonical forms',
    (p) => (c0(p).resources = { requests: { cpu: '0.5' }, limits: { cpu: '250m' } }),
    ['spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 250m'],
  ],
  [
    'negative memory',
    (p) => (c0(p).resources = { limits: { memory: '-1Gi' } }),
    ['spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0'],
  ],
  [
    'unknown resource',
    (p) => (c0(p).resources = { limits: { gpu: '1' } }),
    [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ],
  ],
  [
    'extended resource must be whole',
    (p) => (c0(p).resources = { limits: { 'example.com/gpu': '500m' }, requests: { 'example.com/gpu': '500m' } }),
    [
      'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer',
    ],
  ],
  [
    'probe without handler',
    (p) => (c0(p).readinessProbe = { periodSeconds: 10 }),
    ['spec.containers[0].readinessProbe: Required value: must specify a handler type'],
  ],
  [
    'liveness successThreshold',
    (p) => (c0(p).livenessProbe = { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, successThreshold: 2 }),
    ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
  ],
  [
    'probe port name',
    (p) => (c0(p).readinessProbe = { tcpSocket: { port: 'HTTP' } }),
    [
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ],
  ],
  [
    'two handlers',
    (p) => (c0(p).livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 }, successThreshold: 1 }),
    ['spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
  ],
  [
    'pull policy',
    (p) => (c0(p).imagePullPolicy = 'Sometimes'),
    [
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ],
  ],
  [
    'restartPolicy',
    (p) => (p.spec!.restartPolicy = 'Sometimes'),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  [
    'dnsPolicy',
    (p) => (p.spec!.dnsPolicy = 'Google'),
    [
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  ],
  [
    'dnsPolicy None without config',
    (p) => (p.spec!.dnsPolicy = 'None'),
    ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  ],
  [
    'grace period missing',
    (p) => delete p.spec!.terminationGracePeriodSeconds,
    ['spec.terminationGracePeriodSeconds: Required value'],
  ],
  [
    'activeDeadlineSeconds',
    (p) => (p.spec!.activeDeadlineSeconds = 0),
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ],
  [
    'toleration without key',
    (p) => (p.spec!.tolerations = [{ operator: 'Equal', value: 'x' }]),
    [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ],
  ],
  [
    'toleration Exists with value',
    (p) => (p.spec!.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]),
    [
      'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
    ],
  ],
  [
    'node selector label',
    (p) => (p.spec!.nodeSelector = { 'a b': 'x' }),
    [
      "spec.nodeSelector: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
  [
    'host network ports',
    (p) => {
      p.spec!.hostNetwork = true;
      c0(p).ports = [{ containerPort: 80, hostPort: 81, protocol: 'TCP' }];
    },
    ['spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true'],
  ],
  [
    'init container probe',
    (p) =>
      (p.spec!.initContainers = [
        { ...c0(p), name: 'init', ports: [], readinessProbe: { exec: { command: ['true'] } } },
      ]),
    [
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
  ],
  [
    'init container name clash',
    (p) => (p.spec!.initContainers = [{ ...c0(p), ports: [] }]),
    ['spec.initContainers[0].name: Duplicate value: "web"'],
  ],
  [
    'ephemeral containers on create',
    (p) => (p.spec!.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]),
    ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
  ],
  [
    'deletion cost annotation',
    (p) => (p.metadata!.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '+5' }),
    ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+5": must be a 32bit integer'],
  ],
];

describe('Pod create', () => {
  for (const [name, change, want] of cases) {
    it(name, () => assert.deepEqual(messages(validatePodCreate(edit(pod(), change))), want));
  }
});

describe('pod templates', () => {
  it('reports labels at <template>.labels, as upstream does', () => {
    const got = messages(
      validatePodTemplateSpec({ metadata: { labels: { app: 'a b' } }, spec: podSpec() }, 'spec.template'),
    );
    assert.equal(got.length, 1);
    assert.match(got[0] ?? '', /^spec\.template\.labels: Invalid value: "a b": a valid label must be/);
  });

  it('allows unset host ports on the host network in templates', () => {
    const spec = edit(podSpec(), (s) => {
      s.hostNetwork = true;
    });
    assert.deepEqual(validatePodTemplateSpec({ metadata: {}, spec }, 'spec.template'), []);
  });
});
