import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HTTPIngressPath, IngressRule, IngressSpec } from 'kubernetes-types/networking/v1.js';
import type { Ingress } from './kinds.js';
import { requestPath } from './path-match.js';
import { buildRouteTable } from './route-table.js';

let clock = 0;
function ingress(name: string, spec: IngressSpec, namespace = 'default'): Ingress {
  clock++;
  const creationTimestamp = new Date(Date.UTC(2024, 0, 1, 0, 0, clock)).toISOString().replace('.000', '');
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, creationTimestamp },
    spec,
  };
}

function path(p: string, pathType: string, service = `svc${p.replaceAll('/', '-')}-${pathType}`): HTTPIngressPath {
  return { path: p, pathType, backend: { service: { name: service, port: { number: 80 } } } };
}

function rule(host: string | undefined, ...paths: HTTPIngressPath[]): IngressRule {
  return { ...(host ? { host } : {}), http: { paths } };
}

/** The service a request reaches, or undefined (404). */
function serviceFor(spec: IngressSpec, host: string, url: string): string | undefined {
  return buildRouteTable([ingress('x', spec)]).match(host, requestPath(url))?.service?.name;
}

describe('path matching: the official examples table (kubernetes.io Ingress "Examples")', () => {
  // [paths, request path, matched service or undefined]
  const table: [HTTPIngressPath[], string, string | undefined][] = [
    [[path('/', 'Prefix', 'root')], '/', 'root'],
    [[path('/', 'Prefix', 'root')], '/anything/at/all', 'root'],
    [[path('/foo', 'Exact', 'foo')], '/foo', 'foo'],
    [[path('/foo', 'Exact', 'foo')], '/bar', undefined],
    [[path('/foo', 'Exact', 'foo')], '/foo/', undefined],
    [[path('/foo/', 'Exact', 'foo')], '/foo', undefined],
    [[path('/foo', 'Prefix', 'foo')], '/foo', 'foo'],
    [[path('/foo', 'Prefix', 'foo')], '/foo/', 'foo'],
    [[path('/foo/', 'Prefix', 'foo')], '/foo', 'foo'],
    [[path('/foo/', 'Prefix', 'foo')], '/foo/', 'foo'],
    [[path('/aaa/bb', 'Prefix', 'p')], '/aaa/bbb', undefined],
    [[path('/aaa/bbb', 'Prefix', 'p')], '/aaa/bbb', 'p'],
    [[path('/aaa/bbb/', 'Prefix', 'p')], '/aaa/bbb', 'p'],
    [[path('/aaa/bbb', 'Prefix', 'p')], '/aaa/bbb/', 'p'],
    [[path('/aaa/bbb', 'Prefix', 'p')], '/aaa/bbb/ccc', 'p'],
    [[path('/aaa/bbb', 'Prefix', 'p')], '/aaa/bbbxyz', undefined],
    [[path('/', 'Prefix', 'root'), path('/aaa', 'Prefix', 'aaa')], '/aaa/ccc', 'aaa'],
    [
      [path('/', 'Prefix', 'root'), path('/aaa', 'Prefix', 'aaa'), path('/aaa/bbb', 'Prefix', 'bbb')],
      '/aaa/bbb',
      'bbb',
    ],
    [[path('/', 'Prefix', 'root'), path('/aaa', 'Prefix', 'aaa'), path('/aaa/bbb', 'Prefix', 'bbb')], '/ccc', 'root'],
    [[path('/aaa', 'Prefix', 'aaa')], '/ccc', undefined],
    [[path('/foo', 'Prefix', 'prefix'), path('/foo', 'Exact', 'exact')], '/foo', 'exact'],
    [[path('/foo', 'Exact', 'exact'), path('/foo', 'Prefix', 'prefix')], '/foo', 'exact'],
  ];
  for (const [paths, url, want] of table) {
    const shown = paths.map((p) => `${p.pathType} ${p.path}`).join(', ');
    it(`${shown} vs ${url} → ${want ?? 'no match'}`, () => {
      assert.equal(serviceFor({ rules: [rule(undefined, ...paths)] }, 'any.host', url), want);
    });
  }
});

describe('path matching: more edges', () => {
  const table: [HTTPIngressPath[], string, string | undefined][] = [
    [[path('/foo', 'Prefix', 'foo')], '/foobar', undefined],
    [[path('/foo', 'Prefix', 'foo')], '/foo/bar', 'foo'],
    [[path('/foo', 'Prefix', 'foo')], '/foo?x=1', 'foo'],
    [[path('/foo', 'Prefix', 'foo')], '/FOO', undefined],
    [[path('/foo', 'ImplementationSpecific', 'foo')], '/foo/x', 'foo'],
    [[path('/foo', 'ImplementationSpecific', 'foo')], '/foobar', undefined],
    // Prefix /foo/ (trailing slash does not count) and Exact /foo are equally long: Exact first.
    [[path('/foo/', 'Prefix', 'prefix'), path('/foo', 'Exact', 'exact')], '/foo', 'exact'],
    [[path('/', 'Exact', 'exact'), path('/', 'Prefix', 'prefix')], '/', 'exact'],
    [[path('/', 'Exact', 'exact'), path('/', 'Prefix', 'prefix')], '/x', 'prefix'],
    // Longest wins whatever the YAML order.
    [[path('/a/b', 'Prefix', 'ab'), path('/a', 'Prefix', 'a')], '/a/b/c', 'ab'],
    [[path('/a', 'Prefix', 'a'), path('/a/b', 'Exact', 'ab')], '/a/b/c', 'a'],
    // Normalized before matching: dot segments, merged slashes, escaped unreserved characters.
    [[path('/admin', 'Prefix', 'admin'), path('/', 'Prefix', 'root')], '/public/../admin/x', 'admin'],
    [[path('/admin', 'Prefix', 'admin'), path('/', 'Prefix', 'root')], '//admin', 'admin'],
    [[path('/admin', 'Prefix', 'admin'), path('/', 'Prefix', 'root')], '/%61dmin', 'admin'],
    [[path('/a', 'Prefix', 'a'), path('/', 'Prefix', 'root')], 'http://h/a/b', 'a'],
  ];
  for (const [paths, url, want] of table) {
    const shown = paths.map((p) => `${p.pathType} ${p.path}`).join(', ');
    it(`${shown} vs ${url} → ${want ?? 'no match'}`, () => {
      assert.equal(serviceFor({ rules: [rule(undefined, ...paths)] }, 'h', url), want);
    });
  }
});

describe('host matching', () => {
  const spec: IngressSpec = {
    rules: [
      rule('foo.bar.com', path('/', 'Prefix', 'exact-host')),
      rule('*.foo.com', path('/', 'Prefix', 'wildcard')),
      rule(undefined, path('/', 'Prefix', 'any-host')),
    ],
  };
  const table: [string, string][] = [
    ['foo.bar.com', 'exact-host'],
    ['bar.foo.com', 'wildcard'],
    ['baz.bar.foo.com', 'any-host'],
    ['foo.com', 'any-host'],
    ['other.example', 'any-host'],
  ];
  for (const [host, want] of table) {
    it(`${host} → ${want}`, () => assert.equal(serviceFor(spec, host, '/'), want));
  }

  it('answers nothing for unknown hosts when no rule is host-less', () => {
    assert.equal(serviceFor({ rules: [rule('a.example', path('/', 'Prefix', 'a'))] }, 'b.example', '/'), undefined);
  });

  it('an exact host beats the wildcard covering it', () => {
    const s: IngressSpec = {
      rules: [rule('*.foo.com', path('/', 'Prefix', 'wild')), rule('a.foo.com', path('/', 'Prefix', 'exact'))],
    };
    assert.equal(serviceFor(s, 'a.foo.com', '/'), 'exact');
    assert.equal(serviceFor(s, 'b.foo.com', '/'), 'wild');
  });

  it('matches paths only within the chosen host (no fall-through to host-less rules)', () => {
    const s: IngressSpec = {
      rules: [rule('a.example', path('/api', 'Prefix', 'api')), rule(undefined, path('/', 'Prefix', 'any'))],
    };
    assert.equal(serviceFor(s, 'a.example', '/api/x'), 'api');
    assert.equal(serviceFor(s, 'a.example', '/other'), undefined);
    assert.equal(serviceFor(s, 'b.example', '/other'), 'any');
  });
});

describe('default backends', () => {
  const backend = (name: string) => ({ service: { name, port: { number: 80 } } });

  it('an Ingress without rules catches everything', () => {
    const t = buildRouteTable([ingress('d', { defaultBackend: backend('fallback') })]);
    assert.deepEqual(t.match('x', '/y'), {
      ingress: 'default/d',
      service: { namespace: 'default', name: 'fallback', port: 80 },
      via: 'default',
    });
  });

  it('serves unmatched paths of the Ingress hosts, then unmatched hosts', () => {
    const t = buildRouteTable([
      ingress('d', {
        defaultBackend: backend('fallback'),
        rules: [rule('a.example', path('/api', 'Prefix', 'api'))],
      }),
    ]);
    assert.equal(t.match('a.example', '/api')?.service?.name, 'api');
    assert.equal(t.match('a.example', '/web')?.service?.name, 'fallback');
    assert.equal(t.match('a.example', '/web')?.via, 'default');
  });

  it('prefers the rule-less Ingress as catch-all, the host-specific one for its host', () => {
    const t = buildRouteTable([
      ingress('host-specific', {
        defaultBackend: backend('host-default'),
        rules: [rule('a.example', path('/x', 'Exact'))],
      }),
      ingress('catch-all', { defaultBackend: backend('global-default') }),
    ]);
    assert.equal(t.match('a.example', '/y')?.service?.name, 'host-default');
    assert.equal(t.match('b.example', '/y')?.service?.name, 'global-default');
  });

  it('uses a named service port as written', () => {
    const t = buildRouteTable([
      ingress('n', {
        rules: [
          rule(undefined, {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: 's', port: { name: 'http' } } },
          }),
        ],
      }),
    ]);
    assert.deepEqual(t.match('h', '/')?.service, { namespace: 'default', name: 's', port: 'http' });
  });

  it('keeps a resource backend as a route without a service', () => {
    const t = buildRouteTable([
      ingress('r', {
        rules: [
          rule(undefined, { path: '/', pathType: 'Prefix', backend: { resource: { kind: 'Bucket', name: 'b' } } }),
        ],
      }),
    ]);
    assert.deepEqual(t.match('h', '/'), { ingress: 'default/r', service: undefined, via: 'path' });
  });
});

describe('conflicts across Ingresses', () => {
  it('the oldest Ingress wins the same host, path and type, whatever the input order', () => {
    const older = ingress('older', { rules: [rule('a.example', path('/', 'Prefix', 'old'))] });
    const newer = ingress('newer', {
      rules: [rule('a.example', path('/', 'Prefix', 'new'), path('/n', 'Prefix', 'n'))],
    });
    for (const input of [
      [older, newer],
      [newer, older],
    ]) {
      const t = buildRouteTable(input);
      assert.equal(t.match('a.example', '/')?.service?.name, 'old');
      assert.equal(t.match('a.example', '/n/1')?.service?.name, 'n', 'non-conflicting paths of the newer one merge in');
    }
  });

  it('orders Ingresses of the same second by namespace/name', () => {
    const a = ingress('a', { rules: [rule('h', path('/', 'Prefix', 'from-a'))] }, 'ns');
    const b = { ...ingress('b', { rules: [rule('h', path('/', 'Prefix', 'from-b'))] }, 'ns') };
    b.metadata = { ...b.metadata, creationTimestamp: a.metadata.creationTimestamp ?? '' };
    assert.equal(buildRouteTable([b, a]).match('h', '/')?.service?.name, 'from-a');
  });

  it('serves services from several namespaces side by side', () => {
    const t = buildRouteTable([
      ingress('x', { rules: [rule('a', path('/', 'Prefix', 's'))] }, 'ns1'),
      ingress('x', { rules: [rule('b', path('/', 'Prefix', 's'))] }, 'ns2'),
    ]);
    assert.equal(t.match('a', '/')?.service?.namespace, 'ns1');
    assert.equal(t.match('b', '/')?.service?.namespace, 'ns2');
    assert.equal(t.services().length, 2);
  });
});

describe('TLS hosts', () => {
  it('maps hosts (exact and wildcard) to secrets, the oldest first, with a default', () => {
    const t = buildRouteTable([
      ingress('one', {
        tls: [{ hosts: ['a.example', '*.wild.example'], secretName: 'one-tls' }],
        rules: [rule('a.example', path('/', 'Prefix'))],
      }),
      ingress('two', {
        tls: [{ hosts: ['a.example', 'b.example'], secretName: 'two-tls' }],
        rules: [rule('b.example', path('/', 'Prefix'))],
      }),
      ingress('three', { tls: [{ secretName: 'three-tls' }], rules: [rule('c.example', path('/', 'Prefix'))] }),
    ]);
    assert.equal(t.tlsSecret('a.example')?.name, 'one-tls');
    assert.equal(t.tlsSecret('b.example')?.name, 'two-tls');
    assert.equal(t.tlsSecret('x.wild.example')?.name, 'one-tls');
    assert.equal(t.tlsSecret('y.x.wild.example'), undefined);
    assert.equal(t.tlsSecret('c.example')?.name, 'three-tls', 'a TLS entry without hosts covers its rule hosts');
    assert.equal(t.tlsSecret('d.example'), undefined);
    assert.equal(t.defaultTlsSecret()?.name, 'one-tls');
    assert.deepEqual(
      t.tlsSecrets().map((s) => s.name),
      ['one-tls', 'two-tls', 'three-tls'],
    );
  });
});
