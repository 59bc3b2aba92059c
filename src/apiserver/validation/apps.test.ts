import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './apps.js';
import { validateDeploymentStatusUpdate, validateReplicaSetStatusUpdate } from './apps-status.js';
import { deployment, edit, messages, replicaSet, type Writable } from './test-fixtures.js';

const mismatch =
  'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`';

describe('Deployment create', () => {
  const cases: [string, (d: Writable<Deployment>) => void, string[]][] = [
    ['valid', () => {}, []],
    [
      'selector does not match',
      (d) => (d.spec!.template.metadata!.labels = { app: 'x' }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'no template labels',
      (d) => delete d.spec!.template.metadata!.labels,
      [
        'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
      ],
    ],
    [
      'missing selector',
      (d) => delete (d.spec as { selector?: unknown }).selector,
      ['spec.selector: Required value', mismatch],
    ],
    [
      'empty selector',
      (d) => (d.spec!.selector = {}),
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'invalid selector',
      (d) => (d.spec!.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }),
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"web"}}}}: invalid label selector',
      ],
    ],
    [
      'negative replicas',
      (d) => (d.spec!.replicas = -1),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'surge and unavailable both 0',
      (d) => (d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
      [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
      ],
    ],
    [
      'zero percents',
      (d) => (d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } }),
      [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
      ],
    ],
    [
      'maxSurge not a percent',
      (d) => (d.spec!.strategy!.rollingUpdate!.maxSurge = 'abc'),
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'maxUnavailable over 100%',
      (d) => (d.spec!.strategy!.rollingUpdate!.maxUnavailable = '120%'),
      [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
      ],
    ],
    [
      'negative maxSurge',
      (d) => (d.spec!.strategy!.rollingUpdate!.maxSurge = -1),
      ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'unknown strategy',
      (d) => (d.spec!.strategy = { type: 'BlueGreen' }),
      [
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
    [
      'Recreate with rollingUpdate',
      (d) => (d.spec!.strategy!.type = 'Recreate'),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      'restartPolicy Never',
      (d) => (d.spec!.template.spec!.restartPolicy = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'progress deadline',
      (d) => {
        d.spec!.minReadySeconds = 10;
        d.spec!.progressDeadlineSeconds = 5;
      },
      ['spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds'],
    ],
    [
      'negative revisionHistoryLimit',
      (d) => (d.spec!.revisionHistoryLimit = -1),
      ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'template container errors',
      (d) => (d.spec!.template.spec!.containers[0]!.image = ''),
      ['spec.template.spec.containers[0].image: Required value'],
    ],
  ];
  for (const [name, change, want] of cases)
    it(name, () => assert.deepEqual(messages(validateDeployment(edit(deployment(), change))), want));
});

describe('Deployment update', () => {
  const old = deployment();
  it('allows scaling and template changes', () => {
    const d = edit(old, (x) => {
      x.spec!.replicas = 3;
      x.spec!.template.spec!.containers[0]!.image = 'nginx:2';
    });
    assert.deepEqual(validateDeploymentUpdate(d, old), []);
  });

  it('keeps the selector (apps/v1)', () => {
    const d = edit(old, (x) => {
      x.spec!.selector = { matchLabels: { app: 'web', tier: 'fe' } };
      x.spec!.template.metadata!.labels = { app: 'web', tier: 'fe' };
    });
    assert.deepEqual(messages(validateDeploymentUpdate(d, old)), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('status counts', () => {
    const d = edit(old, (x) => (x.status = { replicas: 1, readyReplicas: 2, availableReplicas: 1 }));
    assert.deepEqual(messages(validateDeploymentStatusUpdate(d, old)), [
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ]);
    const withCollisions = edit(old, (x) => (x.status = { collisionCount: 2 }));
    const decremented = edit(old, (x) => (x.status = { collisionCount: 1 }));
    assert.deepEqual(messages(validateDeploymentStatusUpdate(decremented, withCollisions)), [
      'status.collisionCount: Invalid value: 1: cannot be decremented',
    ]);
  });
});

describe('ReplicaSet', () => {
  it('valid', () => assert.deepEqual(validateReplicaSet(replicaSet()), []));
  it('activeDeadlineSeconds in the template', () => {
    const rs = edit(replicaSet(), (x) => (x.spec!.template!.spec!.activeDeadlineSeconds = 10));
    assert.deepEqual(messages(validateReplicaSet(rs)), [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });
  it('keeps the selector', () => {
    const rs = edit(replicaSet(), (x) => (x.spec!.selector = { matchLabels: {} }));
    assert.deepEqual(messages(validateReplicaSetUpdate(rs, replicaSet())), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
  it('status counts', () => {
    const rs = edit(replicaSet(), (x) => (x.status = { replicas: 1, fullyLabeledReplicas: -1 }));
    assert.deepEqual(messages(validateReplicaSetStatusUpdate(rs, replicaSet())), [
      'status.fullyLabeledReplicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});
