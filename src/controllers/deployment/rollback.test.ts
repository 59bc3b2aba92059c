import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRollback, rollbackTo } from './rollback.js';
import { deployment, replicaSet } from './test-fixtures.js';

const rollbackAnnotation = 'deprecated.deployment.rollback.to';

function history() {
  const r1 = replicaSet({ name: 'r1', replicas: 0, revision: 1, image: 'nginx:1' });
  r1.metadata.annotations = { ...r1.metadata.annotations, 'kubernetes.io/change-cause': 'v1' };
  return [r1, replicaSet({ name: 'r2', replicas: 3, revision: 2, image: 'nginx:2' })];
}

test('rollbackTo reads the deprecated annotation', () => {
  assert.equal(rollbackTo(deployment()), undefined);
  assert.equal(rollbackTo(deployment({ annotations: { [rollbackAnnotation]: '3' } })), 3);
  assert.equal(rollbackTo(deployment({ annotations: { [rollbackAnnotation]: 'x' } })), undefined);
});

test('applyRollback to the previous revision takes its template and annotations', () => {
  const d = deployment({
    image: 'nginx:2',
    annotations: { [rollbackAnnotation]: '0', 'deployment.kubernetes.io/revision': '2' },
  });
  const outcome = applyRollback(d, history());
  assert.deepEqual(outcome, {
    eventType: 'Normal',
    reason: 'DeploymentRollback',
    message: 'Rolled back deployment "hello" to revision 1',
  });
  assert.equal(d.spec.template.spec?.containers[0]?.image, 'nginx:1');
  assert.deepEqual(d.spec.template.metadata?.labels, { app: 'hello' }, 'hash label removed');
  assert.deepEqual(d.metadata.annotations, {
    'deployment.kubernetes.io/revision': '2',
    'kubernetes.io/change-cause': 'v1',
  });
});

test('applyRollback warnings clear the annotation and keep the template', () => {
  const cases: [string, string, string, string][] = [
    ['9', 'nginx:2', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.'],
    [
      '2',
      'nginx:2',
      'DeploymentRollbackTemplateUnchanged',
      'The rollback revision contains the same template as current deployment "hello"',
    ],
  ];
  for (const [revision, image, reason, message] of cases) {
    const d = deployment({ image, annotations: { [rollbackAnnotation]: revision } });
    assert.deepEqual(applyRollback(d, history()), { eventType: 'Warning', reason, message });
    assert.equal(d.spec.template.spec?.containers[0]?.image, image);
    assert.equal(d.metadata.annotations?.[rollbackAnnotation], undefined);
  }
  const lone = deployment({ annotations: { [rollbackAnnotation]: '0' } });
  assert.equal(
    applyRollback(lone, [replicaSet({ name: 'r', replicas: 1, revision: 1 })]).message,
    'Unable to find last revision.',
  );
});
