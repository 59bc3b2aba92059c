import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { envVariableName, serviceEnvMap, serviceEnvVars } from './service-env.js';

function svc(namespace: string, name: string, clusterIP: string, ports: ServicePort[]): Service {
  return { metadata: { namespace, name }, spec: { clusterIP, ports } };
}

describe('service environment variables', () => {
  it('names variables as upstream does', () => {
    const cases: [string, string][] = [
      ['fooservice', 'FOOSERVICE'],
      ['my-svc', 'MY_SVC'],
      ['a.b-c', 'A_B_C'],
      ['1st', '_1ST'],
    ];
    for (const [input, want] of cases) assert.equal(envVariableName(input), want, input);
  });

  it('gives the conformance test its seven variables for fooservice:8765', () => {
    const vars = serviceEnvVars(svc('ns', 'fooservice', '10.96.0.20', [{ port: 8765, targetPort: 8080 }]));
    assert.deepEqual(vars, [
      ['FOOSERVICE_SERVICE_HOST', '10.96.0.20'],
      ['FOOSERVICE_SERVICE_PORT', '8765'],
      ['FOOSERVICE_PORT', 'tcp://10.96.0.20:8765'],
      ['FOOSERVICE_PORT_8765_TCP', 'tcp://10.96.0.20:8765'],
      ['FOOSERVICE_PORT_8765_TCP_PROTO', 'tcp'],
      ['FOOSERVICE_PORT_8765_TCP_PORT', '8765'],
      ['FOOSERVICE_PORT_8765_TCP_ADDR', '10.96.0.20'],
    ]);
  });

  it('adds named ports and a link per port, the first port being the default', () => {
    const vars = new Map(
      serviceEnvVars(
        svc('ns', 'web', '10.0.0.1', [
          { name: 'http', port: 80 },
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
        ]),
      ),
    );
    assert.equal(vars.get('WEB_SERVICE_PORT'), '80');
    assert.equal(vars.get('WEB_SERVICE_PORT_HTTP'), '80');
    assert.equal(vars.get('WEB_SERVICE_PORT_DNS_UDP'), '53');
    assert.equal(vars.get('WEB_PORT'), 'tcp://10.0.0.1:80');
    assert.equal(vars.get('WEB_PORT_53_UDP'), 'udp://10.0.0.1:53');
    assert.equal(vars.get('WEB_PORT_53_UDP_PROTO'), 'udp');
    assert.equal(vars.size, 13);
  });

  it('skips headless services and those without ports', () => {
    assert.deepEqual(serviceEnvVars(svc('ns', 'headless', 'None', [{ port: 80 }])), []);
    assert.deepEqual(serviceEnvVars(svc('ns', 'empty', '', [{ port: 80 }])), []);
    assert.deepEqual(serviceEnvVars(svc('ns', 'noports', '10.0.0.2', [])), []);
  });

  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443 }]),
    svc('default', 'other', '10.96.0.9', [{ port: 80 }]),
    svc('dev', 'hello-service', '10.96.0.10', [{ name: 'http', port: 80 }]),
    svc('dev', 'kubernetes', '10.96.0.11', [{ port: 1 }]),
    svc('prod', 'db', '10.96.0.12', [{ port: 5432 }]),
  ];
  const table: { what: string; ns: string; links: boolean; has: string[]; hasNot: string[] }[] = [
    {
      what: 'links on: the namespace services and kubernetes',
      ns: 'dev',
      links: true,
      has: ['KUBERNETES_SERVICE_HOST', 'HELLO_SERVICE_SERVICE_HOST', 'HELLO_SERVICE_SERVICE_PORT_HTTP'],
      hasNot: ['OTHER_SERVICE_HOST', 'DB_SERVICE_HOST'],
    },
    {
      what: 'links off: only kubernetes',
      ns: 'dev',
      links: false,
      has: ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT_HTTPS'],
      hasNot: ['HELLO_SERVICE_SERVICE_HOST'],
    },
    {
      what: 'in default: every default service',
      ns: 'default',
      links: true,
      has: ['KUBERNETES_SERVICE_HOST', 'OTHER_SERVICE_HOST'],
      hasNot: ['HELLO_SERVICE_SERVICE_HOST'],
    },
  ];
  for (const c of table) {
    it(c.what, () => {
      const env = serviceEnvMap(services, c.ns, c.links);
      for (const k of c.has) assert.ok(env.has(k), `${k} missing`);
      for (const k of c.hasNot) assert.ok(!env.has(k), `${k} present`);
    });
  }

  it('a namespace service named kubernetes replaces the master one there', () => {
    // Upstream keeps the first it sees for the master name, but a same-namespace one overrides it.
    const env = serviceEnvMap(services, 'dev', true);
    assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.96.0.11');
  });
});
