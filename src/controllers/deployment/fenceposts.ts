/**
 * maxSurge / maxUnavailable arithmetic (k/k `deployment/util` `ResolveFenceposts`, `MaxSurge`, `MaxUnavailable`;
 * apimachinery `intstr.GetScaledValueFromIntOrPercent`). Pure.
 */
import { type DeploymentObject, deploymentReplicas } from './types.js';

/**
 * `intstr.GetScaledValueFromIntOrPercent`: an integer as is, `"N%"` of `total` rounded up or down. Throws for a
 * string that is not a percentage (validation rejects those first).
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (!value.endsWith('%')) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) {
    throw new Error(`invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}"`);
  }
  const scaled = (Number.parseInt(digits, 10) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * `ResolveFenceposts`: surge rounds up, unavailable rounds down; when both come to 0 unavailable becomes 1
 * (validation forbids both explicitly 0, rounding can still produce it).
 */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** `IsRollingUpdate`. */
export function isRollingUpdate(d: DeploymentObject): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: DeploymentObject): { surge: number; unavailable: number } {
  const rollingUpdate = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(rollingUpdate?.maxSurge, rollingUpdate?.maxUnavailable, deploymentReplicas(d));
}

/** `MaxSurge`: 0 unless RollingUpdate. */
export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  return fenceposts(d).surge;
}

/** `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; never more than the replicas. */
export function maxUnavailable(d: DeploymentObject): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}
