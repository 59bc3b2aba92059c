import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { containerEnv, type EnvSources } from './container-env.js';
import { ContainerConfigError, formatMap, resourceFieldRefValue } from './downward-api.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const configMaps: Record<string, ConfigMap> = {
  settings: { data: { MODE: 'fast', LEVEL: '3' } },
};
const secrets: Record<string, Secret> = {
  creds: { data: { password: b64('s3cret'), user: b64('admin') } },
};
const sources: EnvSources = {
  configMap: async (ns, name) => (ns === 'dev' ? configMaps[name] : undefined),
  secret: async (ns, name) => (ns === 'dev' ? secrets[name] : undefined),
};

function pod(container: Container): Pod {
  return {
    metadata: {
      name: 'web-1',
      namespace: 'dev',
      uid: 'u-1',
      labels: { app: 'web', tier: 'front' },
      annotations: { note: 'a "quoted" value' },
    },
    spec: { nodeName: 'kubeling', serviceAccountName: 'default', containers: [container] },
  };
}

async function envOf(container: Container, serviceEnv = new Map<string, string>()): Promise<Map<string, string>> {
  return containerEnv({
    pod: pod(container),
    container,
    addresses: { podIP: '127.244.0.7', hostIP: '127.0.0.1' },
    serviceEnv,
    nodeAllocatable: { cpu: '4', memory: '8Gi' },
    sources,
  });
}

describe('container environment', () => {
  const ok: { what: string; container: Container; want: Record<string, string>; services?: Record<string, string> }[] =
    [
      {
        what: 'plain values with $(VAR) expansion of earlier ones, unknown references kept',
        container: {
          name: 'c',
          env: [
            { name: 'A', value: 'a' },
            { name: 'B', value: '$(A)-b' },
            { name: 'C', value: '$(LATER)$(A)' },
            { name: 'LATER', value: 'x' },
            { name: 'ESC', value: '$$(A)' },
          ],
        },
        want: { A: 'a', B: 'a-b', C: '$(LATER)a', LATER: 'x', ESC: '$(A)' },
      },
      {
        what: 'expansion sees service variables, which come last and never override',
        container: {
          name: 'c',
          env: [
            { name: 'URL', value: 'http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)/' },
            { name: 'WEB_SERVICE_PORT', value: '9999' },
          ],
        },
        services: { WEB_SERVICE_HOST: '10.0.0.1', WEB_SERVICE_PORT: '80' },
        want: { URL: 'http://10.0.0.1:80/', WEB_SERVICE_PORT: '9999', WEB_SERVICE_HOST: '10.0.0.1' },
      },
      {
        what: 'fieldRef values',
        container: {
          name: 'c',
          env: [
            { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
            { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            { name: 'NONE', valueFrom: { fieldRef: { fieldPath: "metadata.labels['none']" } } },
            { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
            { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
            { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
            { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
          ],
        },
        want: {
          NAME: 'web-1',
          NS: 'dev',
          UID: 'u-1',
          APP: 'web',
          NONE: '',
          LABELS: 'app="web"\ntier="front"',
          NOTE: 'a "quoted" value',
          IP: '127.244.0.7',
          HOST: '127.0.0.1',
          NODE: 'kubeling',
          SA: 'default',
        },
      },
      {
        what: 'resourceFieldRef: limits rounded up in divisor units, missing limits from the node',
        container: {
          name: 'c',
          resources: { limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '100m' } },
          env: [
            { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
            { name: 'CPU_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
            { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
            { name: 'REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
            { name: 'REQ_MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } },
          ],
        },
        want: { CPU: '1', CPU_M: '250', MEM: '67108864', MEM_MI: '64', REQ: '100', REQ_MEM: '0' },
      },
      {
        what: 'configMapKeyRef and secretKeyRef, optional misses skipped',
        container: {
          name: 'c',
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
            { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
            { name: 'OPT1', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope', optional: true } } },
            { name: 'OPT2', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k', optional: true } } },
            { name: 'OPT3', valueFrom: { secretKeyRef: { name: 'missing', key: 'k', optional: true } } },
          ],
        },
        want: { MODE: 'fast', PW: 's3cret' },
      },
      {
        what: 'envFrom with prefixes, env overriding it, optional sources skipped',
        container: {
          name: 'c',
          envFrom: [
            { configMapRef: { name: 'settings' } },
            { prefix: 'DB_', secretRef: { name: 'creds' } },
            { configMapRef: { name: 'missing', optional: true } },
          ],
          env: [{ name: 'LEVEL', value: 'override-$(MODE)' }],
        },
        want: { MODE: 'fast', LEVEL: 'override-fast', DB_password: 's3cret', DB_user: 'admin' },
      },
    ];
  for (const c of ok) {
    it(c.what, async () => {
      const env = await envOf(c.container, new Map(Object.entries(c.services ?? {})));
      assert.deepEqual(Object.fromEntries(env), c.want);
    });
  }

  const failing: { what: string; container: Container; message: string }[] = [
    {
      what: 'a missing ConfigMap',
      container: { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] },
      message: 'configmap "nope" not found',
    },
    {
      what: 'a missing key',
      container: { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }] },
      message: "couldn't find key k in ConfigMap dev/settings",
    },
    {
      what: 'a missing Secret',
      container: { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] },
      message: 'secret "nope" not found',
    },
    {
      what: 'a missing secret key',
      container: { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] },
      message: "couldn't find key k in Secret dev/creds",
    },
    {
      what: 'a missing envFrom Secret',
      container: { name: 'c', envFrom: [{ secretRef: { name: 'gone' } }] },
      message: 'secret "gone" not found',
    },
  ];
  for (const c of failing) {
    it(`fails with CreateContainerConfigError on ${c.what}`, async () => {
      await assert.rejects(envOf(c.container), (err: unknown) => {
        assert.ok(err instanceof ContainerConfigError);
        assert.equal(err.message, c.message);
        return true;
      });
    });
  }

  it('formats maps as the downward API does', () => {
    assert.equal(formatMap({ b: '2', a: 'x"y' }), 'a="x\\"y"\nb="2"');
    assert.equal(formatMap(undefined), '');
  });

  it('reads another container resources by name', () => {
    const p = pod({ name: 'a' });
    p.spec?.containers.push({ name: 'b', resources: { limits: { memory: '1Gi' } } });
    const v = resourceFieldRefValue(
      { containerName: 'b', resource: 'limits.memory', divisor: '1Mi' },
      p,
      undefined,
      {},
    );
    assert.equal(v, '1024');
  });
});
