import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProtoRoot, schemaForMessage } from '../../api/schema/index.js';
import { decodeMessage, decodeProtobufBody, protobufMagic } from './index.js';

/**
 * Objects encoded with protobufjs from the same protos, written as gogo-protobuf writes Go structs: every
 * non-pointer scalar present (zeros included), pointers only when set. The decoder must give Go's JSON.
 */
const root = loadProtoRoot();

function encode(message: string, obj: Record<string, unknown>): Uint8Array {
  const type = root.lookupType(message);
  return type.encode(type.fromObject(obj)).finish();
}

function body(apiVersion: string, kind: string, message: string, obj: Record<string, unknown>): Buffer {
  const raw = encode(message, obj);
  const env = encode('k8s.io.apimachinery.pkg.runtime.Unknown', {
    typeMeta: { apiVersion, kind },
    raw,
    contentEncoding: '',
    contentType: '',
  });
  return Buffer.concat([protobufMagic, env]);
}

const emptyMeta = { name: '', generateName: '', namespace: '', uid: '', resourceVersion: '', generation: 0 };
const zeroTime = { seconds: 0, nanos: 0 };
const t = 1714979289; // 2024-05-06T07:08:09Z

describe('protobuf → JSON as Go writes it', () => {
  it('Pod: zero scalars dropped, pointers kept, times, quantities, inline structs, IntOrString', () => {
    const pod = {
      metadata: {
        ...emptyMeta,
        name: 'p',
        creationTimestamp: { seconds: t, nanos: 0 },
        labels: { app: 'p' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid: 'u1',
            controller: true,
            blockOwnerDeletion: false,
          },
        ],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: { seconds: t, nanos: 5 },
            fieldsType: 'FieldsV1',
            subresource: '',
            fieldsV1: { Raw: Buffer.from('{"f:metadata":{}}') },
          },
        ],
      },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            workingDir: '',
            stdin: false,
            stdinOnce: false,
            tty: false,
            terminationMessagePath: '',
            imagePullPolicy: '',
            terminationMessagePolicy: '',
            args: ['-g', 'daemon off;'],
            ports: [{ name: '', hostPort: 0, containerPort: 80, protocol: 'TCP', hostIP: '' }],
            resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } } },
            livenessProbe: {
              handler: {
                httpGet: { path: '/', port: { type: 1, intVal: 0, strVal: 'http' }, host: '', scheme: 'HTTP' },
              },
              initialDelaySeconds: 0,
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
              terminationGracePeriodSeconds: 0,
            },
          },
        ],
        volumes: [{ name: 'v', volumeSource: { emptyDir: { medium: '' } } }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 0,
        dnsPolicy: '',
        nodeName: '',
        hostNetwork: false,
        hostPID: false,
        hostIPC: false,
        serviceAccountName: '',
        hostname: '',
        subdomain: '',
        schedulerName: '',
        priority: -5,
        securityContext: { runAsUser: -1 },
      },
      status: { phase: '', message: '', reason: '', hostIP: '', podIP: '', qosClass: '', startTime: zeroTime },
    };
    const decoded = decodeProtobufBody(body('v1', 'Pod', 'k8s.io.api.core.v1.Pod', pod));
    assert.deepEqual(decoded.object, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: 'p',
        creationTimestamp: '2024-05-06T07:08:09Z',
        labels: { app: 'p' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid: 'u1',
            controller: true,
            blockOwnerDeletion: false,
          },
        ],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: '2024-05-06T07:08:09Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': {} },
          },
        ],
      },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            args: ['-g', 'daemon off;'],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            livenessProbe: {
              httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
              terminationGracePeriodSeconds: 0,
            },
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 0,
        priority: -5,
        securityContext: { runAsUser: -1 },
      },
      status: {},
    });
  });

  it('Deployment: pointer IntOrString zero kept, replicas 0 kept, non-pointer zeros dropped', () => {
    const d = {
      metadata: { ...emptyMeta, name: 'd', creationTimestamp: zeroTime },
      spec: {
        replicas: 0,
        minReadySeconds: 0,
        paused: false,
        revisionHistoryLimit: 10,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxUnavailable: { type: 0, intVal: 0, strVal: '' },
            maxSurge: { type: 1, intVal: 0, strVal: '25%' },
          },
        },
        template: { metadata: { ...emptyMeta, creationTimestamp: zeroTime }, spec: { containers: [] } },
      },
      status: {
        observedGeneration: 0,
        replicas: 0,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        unavailableReplicas: 0,
      },
    };
    const decoded = decodeProtobufBody(body('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', d));
    assert.deepEqual(decoded.object, {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: {
        replicas: 0,
        revisionHistoryLimit: 10,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        template: { metadata: {}, spec: {} },
      },
      status: {},
    });
  });

  it('Service: non-pointer IntOrString zero dropped, named and numbered target ports kept', () => {
    const port = (n: number, target: Record<string, unknown>) => ({
      name: `p${n}`,
      protocol: 'TCP',
      port: n,
      targetPort: target,
      nodePort: 0,
    });
    const svc = {
      metadata: { ...emptyMeta, name: 's' },
      spec: {
        ports: [
          port(80, { type: 0, intVal: 0, strVal: '' }),
          port(81, { type: 0, intVal: 8081, strVal: '' }),
          port(82, { type: 1, intVal: 0, strVal: 'web' }),
        ],
      },
    };
    const decoded = decodeProtobufBody(body('v1', 'Service', 'k8s.io.api.core.v1.Service', svc));
    assert.deepEqual(decoded.object.spec, {
      ports: [
        { name: 'p80', protocol: 'TCP', port: 80 },
        { name: 'p81', protocol: 'TCP', port: 81, targetPort: 8081 },
        { name: 'p82', protocol: 'TCP', port: 82, targetPort: 'web' },
      ],
    });
  });

  it('Secret bytes as base64, pointer bool false kept; Job pointer zeros kept', () => {
    const secret = {
      metadata: { ...emptyMeta, name: 's' },
      data: { k: Buffer.from('s3cr3t\n') },
      immutable: false,
      type: 'Opaque',
    };
    assert.deepEqual(decodeProtobufBody(body('v1', 'Secret', 'k8s.io.api.core.v1.Secret', secret)).object, {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's' },
      data: { k: 'czNjcjN0Cg==' },
      immutable: false,
      type: 'Opaque',
    });
    const job = {
      metadata: emptyMeta,
      spec: { suspend: false, ttlSecondsAfterFinished: 0, backoffLimit: 6, completionMode: 'NonIndexed' },
    };
    assert.deepEqual(decodeProtobufBody(body('batch/v1', 'Job', 'k8s.io.api.batch.v1.Job', job)).object.spec, {
      suspend: false,
      ttlSecondsAfterFinished: 0,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
    });
  });

  it('MicroTime, RawExtension, and JSON names that differ from protobuf names', () => {
    const event = {
      metadata: emptyMeta,
      eventTime: { seconds: t, nanos: 123456789 },
      reportingController: 'c',
      reportingInstance: '',
      action: '',
      reason: 'R',
      note: '',
      type: 'Normal',
      deprecatedCount: 0,
    };
    const ev = decodeProtobufBody(body('events.k8s.io/v1', 'Event', 'k8s.io.api.events.v1.Event', event)).object;
    assert.equal(ev.eventTime, '2024-05-06T07:08:09.123456Z');
    assert.ok(!('deprecatedCount' in ev));
    const rev = { metadata: emptyMeta, data: { raw: Buffer.from('{"spec":{"a":1}}') }, revision: 3 };
    const cr = decodeProtobufBody(
      body('apps/v1', 'ControllerRevision', 'k8s.io.api.apps.v1.ControllerRevision', rev),
    ).object;
    assert.deepEqual(cr.data, { spec: { a: 1 } });
    const ic = {
      metadata: emptyMeta,
      spec: { controller: 'x', parameters: { aPIGroup: 'k8s.example.com', kind: 'P', name: 'n' } },
    };
    const icObj = decodeProtobufBody(
      body('networking.k8s.io/v1', 'IngressClass', 'k8s.io.api.networking.v1.IngressClass', ic),
    ).object;
    assert.deepEqual(icObj.spec, {
      controller: 'x',
      parameters: { apiGroup: 'k8s.example.com', kind: 'P', name: 'n' },
    });
  });
});

describe('decodeMessage: wire details', () => {
  const psc = schemaForMessage('k8s.io.api.core.v1.PodSecurityContext');
  assert.ok(psc);
  it('reads packed and unpacked repeated scalars, skips unknown field numbers', () => {
    const packed = Uint8Array.from([0x22, 0x03, 0x01, 0x02, 0x03, 0xf8, 0x07, 0x01]);
    assert.deepEqual(decodeMessage(psc, packed), { supplementalGroups: [1, 2, 3] });
    const unpacked = Uint8Array.from([0x20, 0x01, 0x20, 0x02]);
    assert.deepEqual(decodeMessage(psc, unpacked), { supplementalGroups: [1, 2] });
  });
  it('rejects a wrong wire type as gogo does', () => {
    assert.throws(() => decodeMessage(psc, Uint8Array.from([0x22, 0x01])), /unexpected EOF/);
    const meta = schemaForMessage('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.ok(meta);
    assert.throws(
      () => decodeMessage(meta, Uint8Array.from([0x08, 0x01])),
      /^Error: proto: wrong wireType = 0 for field Name$/,
    );
  });
});

describe('decodeMessage: map keys', () => {
  it('keeps a __proto__ key as an own property', () => {
    const cm = { metadata: emptyMeta, data: JSON.parse('{"__proto__":"x","a":"b"}') };
    const raw = encode('k8s.io.api.core.v1.ConfigMap', cm);
    const node = schemaForMessage('k8s.io.api.core.v1.ConfigMap');
    assert.ok(node);
    const data = decodeMessage(node, raw).data as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data).sort(), ['__proto__', 'a']);
  });
});
