/** A client that refuses pod creates the way an exhausted quota would, for tests of create failures. */
import type { KubeObject } from '../../src/api/object.js';
import { StatusError } from '../../src/api/status-error.js';
import type { GroupVersionResource, KubeClient, ResourceClient } from '../../src/client/types.js';

/** Pod creates refused like an exhausted quota would refuse them, for pods named `quota-*`, while `refuse` is set. */
export const quota = { refuse: false, inFlight: 0, maxInFlight: 0, attempts: 0 };
export const quotaMessage =
  'pods "quota-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0';

export function refusingQuotaPods(inner: KubeClient): KubeClient {
  return {
    fieldManager: inner.fieldManager,
    raw: (method, path, body) => inner.raw(method, path, body),
    withFieldManager: (m) => refusingQuotaPods(inner.withFieldManager(m)),
    resource<T extends KubeObject>(gvr: GroupVersionResource, namespace?: string): ResourceClient<T> {
      const rc = inner.resource<T>(gvr, namespace);
      if (gvr.resource !== 'pods') return rc;
      return new Proxy(rc, {
        get(target, prop) {
          if (prop === 'create') {
            return async (obj: T, opts?: Parameters<ResourceClient<T>['create']>[1]) => {
              if (quota.refuse && obj.metadata.generateName === 'quota-') {
                quota.attempts++;
                quota.maxInFlight = Math.max(quota.maxInFlight, ++quota.inFlight);
                await new Promise((r) => setTimeout(r, 10));
                quota.inFlight--;
                throw new StatusError('Forbidden', quotaMessage);
              }
              return target.create(obj, opts);
            };
          }
          const v: unknown = Reflect.get(target, prop);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
  };
}
