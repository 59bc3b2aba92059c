/**
 * Server-side rollback through the `deprecated.deployment.rollback.to` annotation (k/k `deployment/rollback.go`;
 * the round-trip form of extensions/v1beta1 `spec.rollbackTo`). `kubectl rollout undo` does not use it: it
 * patches the template client-side, and the controller sees an ordinary template change. Pure.
 */
import { setDeploymentAnnotationsTo } from './annotations.js';
import { lastRevision, revisionOf } from './replica-sets.js';
import { equalIgnoreHash, withoutHashLabel } from './template-equality.js';
import {
  type DeploymentObject,
  deepCopy,
  deprecatedRollbackToAnnotation,
  type ReplicaSetObject,
  rollbackReasons,
} from './types.js';

/** `getRollbackTo`: the requested revision (0 = the previous one), undefined when none or unparsable. */
export function rollbackTo(d: DeploymentObject): number | undefined {
  const value = d.metadata.annotations?.[deprecatedRollbackToAnnotation];
  if (value === undefined || value === '' || !/^[+-]?\d+$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** What a rollback did to the Deployment copy, and the event to record. */
export interface RollbackOutcome {
  eventType: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * `rollback` + `rollbackToTemplate`: on the Deployment copy, takes the template (hash label removed) and the
 * annotations of the ReplicaSet with the requested revision, unless the template is already the same; always
 * clears the rollback annotation. The caller writes the Deployment (an ordinary update) and records the event.
 */
export function applyRollback(d: DeploymentObject, allRSs: readonly ReplicaSetObject[]): RollbackOutcome {
  let revision = rollbackTo(d) ?? 0;
  const outcome = ((): RollbackOutcome => {
    if (revision === 0) revision = lastRevision(allRSs);
    if (revision === 0) {
      return {
        eventType: 'Warning',
        reason: rollbackReasons.revisionNotFound,
        message: 'Unable to find last revision.',
      };
    }
    const target = allRSs.find((rs) => revisionOf(rs) === revision);
    if (target === undefined) {
      const message = 'Unable to find the revision to rollback to.';
      return { eventType: 'Warning', reason: rollbackReasons.revisionNotFound, message };
    }
    const template = target.spec.template ?? {};
    if (equalIgnoreHash(d.spec.template, template)) {
      const message = `The rollback revision contains the same template as current deployment "${d.metadata.name}"`;
      return { eventType: 'Warning', reason: rollbackReasons.templateUnchanged, message };
    }
    d.spec.template = deepCopy(withoutHashLabel(template));
    setDeploymentAnnotationsTo(d, target);
    const message = `Rolled back deployment "${d.metadata.name}" to revision ${revision}`;
    return { eventType: 'Normal', reason: rollbackReasons.done, message };
  })();
  if (d.metadata.annotations) delete d.metadata.annotations[deprecatedRollbackToAnnotation];
  return outcome;
}
