/** apps/v1 defaults: `SetDefaults_Deployment` and `SetDefaults_ReplicaSet`, plus their pod templates. */
import type { JsonObject } from '../../api/object.js';
import { defaultString, defaultValue, objectField } from './json.js';
import { defaultPodSpec } from './pod-spec.js';

function defaultTemplate(spec: JsonObject): void {
  defaultPodSpec(objectField(objectField(spec, 'template'), 'spec'));
}

/** Replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, template defaults. */
export function defaultDeployment(deployment: JsonObject): void {
  const spec = objectField(deployment, 'spec');
  defaultValue(spec, 'replicas', 1);
  const strategy = objectField(spec, 'strategy');
  defaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = objectField(strategy, 'rollingUpdate');
    defaultValue(rollingUpdate, 'maxUnavailable', '25%');
    defaultValue(rollingUpdate, 'maxSurge', '25%');
  }
  defaultValue(spec, 'revisionHistoryLimit', 10);
  defaultValue(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

/** Replicas 1 and template defaults. */
export function defaultReplicaSet(replicaSet: JsonObject): void {
  const spec = objectField(replicaSet, 'spec');
  defaultValue(spec, 'replicas', 1);
  defaultTemplate(spec);
}
