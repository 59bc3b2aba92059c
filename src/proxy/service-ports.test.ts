import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice, Service } from './kinds.js';
import { desiredServicePorts } from './service-ports.js';

const opts = { nodeAddress: '127.0.0.1' };

function svc(spec: NonNullable<Service['spec']>, status?: Service['status']): Service {
  return {
    metadata: { name: 'web', namespace: 'ns' },
    spec: { clusterIP: '127.96.1.2', clusterIPs: ['127.96.1.2'], ...spec },
    ...(status ? { status } : {}),
  };
}

type Ep = NonNullable<EndpointSlice['endpoints']>[number];
const ep = (ip: string, conditions: Ep['conditions'] = { ready: true }, pod?: string): Ep => ({
  addresses: [ip],
  conditions,
  ...(pod ? { targetRef: { kind: 'Pod', namespace: 'ns', name: pod } } : {}),
});

function slice(endpoints: Ep[], ports: NonNullable<EndpointSlice['ports']>, addressType = 'IPv4'): EndpointSlice {
  return { metadata: { name: 's', namespace: 'ns' }, addressType, endpoints, ports };
}

const tcp80 = [{ name: '', port: 8080, protocol: 'TCP' }];

describe('desiredServicePorts', () => {
  const cases: {
    name: string;
    svc: Service | undefined;
    slices: EndpointSlice[];
    want: { id: string; frontends: string[]; backends: string[]; fallback?: boolean; affinityTimeoutMs?: number }[];
  }[] = [
    { name: 'a deleted Service serves nothing', svc: undefined, slices: [], want: [] },
    {
      name: 'headless Services are not proxied',
      svc: svc({ clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80 }] }),
      slices: [slice([ep('127.244.0.1')], tcp80)],
      want: [],
    },
    {
      name: 'ExternalName Services are not proxied',
      svc: { metadata: { name: 'x', namespace: 'ns' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
      slices: [],
      want: [],
    },
    {
      name: 'a ClusterIP port with ready endpoints only, merged over slices and sorted',
      svc: svc({ ports: [{ port: 80, protocol: 'TCP' }] }),
      slices: [
        slice([ep('127.244.0.3'), ep('127.244.0.9', { ready: false, serving: false })], tcp80),
        slice([ep('127.244.0.1'), ep('127.244.0.3', { ready: false })], tcp80),
        slice([ep('::1')], tcp80, 'IPv6'),
      ],
      want: [
        {
          id: 'ns/web:/TCP',
          frontends: ['ClusterIP 127.96.1.2:80'],
          backends: ['127.244.0.1:8080', '127.244.0.3:8080'],
        },
      ],
    },
    {
      name: 'missing conditions mean ready',
      svc: svc({ ports: [{ port: 80 }] }),
      slices: [slice([{ addresses: ['127.244.0.1'] }], tcp80)],
      want: [{ id: 'ns/web:/TCP', frontends: ['ClusterIP 127.96.1.2:80'], backends: ['127.244.0.1:8080'] }],
    },
    {
      name: 'serving-terminating endpoints stand in when none is ready (KEP-1669), never unready ones',
      svc: svc({ ports: [{ port: 80 }] }),
      slices: [
        slice(
          [
            ep('127.244.0.1', { ready: false, serving: true, terminating: true }),
            ep('127.244.0.2', { ready: false, serving: false, terminating: true }),
            ep('127.244.0.3', { ready: false, serving: false, terminating: false }),
          ],
          tcp80,
        ),
      ],
      want: [
        { id: 'ns/web:/TCP', frontends: ['ClusterIP 127.96.1.2:80'], backends: ['127.244.0.1:8080'], fallback: true },
      ],
    },
    {
      name: 'ready endpoints win over terminating ones',
      svc: svc({ ports: [{ port: 80 }] }),
      slices: [
        slice([ep('127.244.0.1', { ready: false, serving: true, terminating: true }), ep('127.244.0.2')], tcp80),
      ],
      want: [{ id: 'ns/web:/TCP', frontends: ['ClusterIP 127.96.1.2:80'], backends: ['127.244.0.2:8080'] }],
    },
    {
      name: 'named multi-port: each Service port takes the slice port of its name and protocol',
      svc: svc({
        ports: [
          { name: 'web', port: 80, targetPort: 'http' },
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 },
          { name: 'sctp', port: 99, protocol: 'SCTP' },
        ],
      }),
      slices: [
        slice(
          [ep('127.244.0.1', { ready: true }, 'p1')],
          [
            { name: 'web', port: 8080, protocol: 'TCP' },
            { name: 'dns', port: 5353, protocol: 'UDP' },
            { name: 'dns', port: 6000, protocol: 'TCP' },
          ],
        ),
      ],
      want: [
        { id: 'ns/web:web/TCP', frontends: ['ClusterIP 127.96.1.2:80'], backends: ['127.244.0.1:8080'] },
        { id: 'ns/web:dns/UDP', frontends: ['ClusterIP 127.96.1.2:53'], backends: ['127.244.0.1:5353'] },
      ],
    },
    {
      name: 'NodePort and LoadBalancer add the node address and the VIP ingress addresses',
      svc: svc(
        {
          type: 'LoadBalancer',
          ports: [{ port: 80, nodePort: 30080 }],
          externalIPs: ['127.1.2.3', '192.0.2.1'],
        },
        {
          loadBalancer: {
            ingress: [
              { ip: '127.240.0.7', ipMode: 'VIP' },
              { ip: '127.240.0.8', ipMode: 'Proxy' },
              { hostname: 'lb.example.com' },
            ],
          },
        },
      ),
      slices: [slice([ep('127.244.0.1')], tcp80)],
      want: [
        {
          id: 'ns/web:/TCP',
          frontends: [
            'ClusterIP 127.96.1.2:80',
            'NodePort 127.0.0.1:30080',
            'LoadBalancer 127.240.0.7:80',
            'ExternalIP 127.1.2.3:80',
          ],
          backends: ['127.244.0.1:8080'],
        },
      ],
    },
    {
      name: 'ClientIP affinity with the default and a given timeout',
      svc: svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }),
      slices: [],
      want: [
        { id: 'ns/web:/TCP', frontends: ['ClusterIP 127.96.1.2:80'], backends: [], affinityTimeoutMs: 10_800_000 },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = desiredServicePorts(c.svc, c.slices, opts).map((p) => ({
        id: p.id,
        frontends: p.frontends.map((f) => `${f.kind} ${f.ip}:${f.port}`),
        backends: p.backends.map((b) => b.key),
        ...(p.fallback ? { fallback: true } : {}),
        ...(p.affinityTimeoutMs !== undefined ? { affinityTimeoutMs: p.affinityTimeoutMs } : {}),
      }));
      assert.deepEqual(got, c.want);
    });
  }

  it('names the pod behind each endpoint', () => {
    const [port] = desiredServicePorts(
      svc({ ports: [{ port: 80 }] }),
      [slice([ep('127.244.0.1', {}, 'p1')], tcp80)],
      opts,
    );
    assert.equal(port?.backends[0]?.pod, 'ns/p1');
  });
});
