import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ClusterAccess,
  emptyKubeconfig,
  type Kubeconfig,
  kubeconfigEntryName,
  mergeKubeconfig,
  parseKubeconfig,
  removeFromKubeconfig,
  stringifyKubeconfig,
} from './kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const access = (name: string, port = 6443, extra: Partial<ClusterAccess> = {}): ClusterAccess => ({
  entryName: kubeconfigEntryName(name),
  server: `https://127.0.0.1:${port}`,
  caCertPem: CA,
  token: `token-${name}`,
  ...extra,
});

const EXISTING = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:443
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context:
    cluster: prod
    user: prod
    namespace: web
current-context: prod
preferences:
  colors: true
users:
- name: prod
  user:
    exec:
      command: get-token
extensions:
- name: kept
  extension: {}
`;

const names = (config: Kubeconfig, key: 'clusters' | 'contexts' | 'users'): string[] => config[key].map((e) => e.name);

describe('mergeKubeconfig', () => {
  it('adds cluster, user and context kubeling-<name> and makes the context current', () => {
    const merged = mergeKubeconfig(emptyKubeconfig(), access('dev', 7000));
    assert.deepEqual(merged.clusters, [
      {
        name: 'kubeling-dev',
        cluster: { 'certificate-authority-data': b64(CA), server: 'https://127.0.0.1:7000' },
      },
    ]);
    assert.deepEqual(merged.users, [{ name: 'kubeling-dev', user: { token: 'token-dev' } }]);
    assert.deepEqual(merged.contexts, [
      { name: 'kubeling-dev', context: { cluster: 'kubeling-dev', user: 'kubeling-dev' } },
    ]);
    assert.equal(merged['current-context'], 'kubeling-dev');
  });

  it('keeps every other entry and field of an existing file', () => {
    const existing = parseKubeconfig(EXISTING);
    const merged = mergeKubeconfig(existing, access('dev'));
    assert.deepEqual(names(merged, 'clusters'), ['prod', 'kubeling-dev']);
    assert.deepEqual(names(merged, 'contexts'), ['prod', 'kubeling-dev']);
    assert.deepEqual(names(merged, 'users'), ['prod', 'kubeling-dev']);
    assert.deepEqual(merged.contexts[0], existing.contexts[0]);
    assert.deepEqual(merged.preferences, { colors: true });
    assert.deepEqual(merged.extensions, [{ name: 'kept', extension: {} }]);
    assert.equal(existing['current-context'], 'prod', 'input not modified');
    assert.equal(existing.clusters.length, 1, 'input not modified');
  });

  it('replaces entries of the same name in place', () => {
    const twice = mergeKubeconfig(mergeKubeconfig(parseKubeconfig(EXISTING), access('dev', 1)), access('dev', 2));
    assert.deepEqual(names(twice, 'clusters'), ['prod', 'kubeling-dev']);
    assert.deepEqual(twice.clusters[1]?.cluster, {
      'certificate-authority-data': b64(CA),
      server: 'https://127.0.0.1:2',
    });
  });

  it('can leave the current context alone', () => {
    const merged = mergeKubeconfig(parseKubeconfig(EXISTING), access('dev'), false);
    assert.equal(merged['current-context'], 'prod');
  });

  it('writes client certificate data only when both certificate and key are given', () => {
    const cases: [Partial<ClusterAccess>, string[]][] = [
      [{}, ['token']],
      [{ clientCertPem: 'C' }, ['token']],
      [{ clientCertPem: 'C', clientKeyPem: 'K' }, ['client-certificate-data', 'client-key-data', 'token']],
    ];
    for (const [extra, keys] of cases) {
      const user = mergeKubeconfig(emptyKubeconfig(), access('dev', 1, extra)).users[0]?.user as Record<string, string>;
      assert.deepEqual(Object.keys(user), keys);
    }
  });
});

describe('removeFromKubeconfig', () => {
  it('removes the three entries and clears the current context only when it was theirs', () => {
    const cases: { current: string; wantCurrent: string }[] = [
      { current: 'kubeling-dev', wantCurrent: '' },
      { current: 'prod', wantCurrent: 'prod' },
    ];
    for (const { current, wantCurrent } of cases) {
      const config = { ...mergeKubeconfig(parseKubeconfig(EXISTING), access('dev')), 'current-context': current };
      const { config: result, removed } = removeFromKubeconfig(config, 'kubeling-dev');
      assert.equal(removed, true);
      assert.deepEqual(names(result, 'clusters'), ['prod']);
      assert.deepEqual(names(result, 'contexts'), ['prod']);
      assert.deepEqual(names(result, 'users'), ['prod']);
      assert.equal(result['current-context'], wantCurrent);
    }
  });

  it('reports when there was nothing to remove', () => {
    assert.equal(removeFromKubeconfig(parseKubeconfig(EXISTING), 'kubeling-dev').removed, false);
  });
});

describe('parseKubeconfig / stringifyKubeconfig', () => {
  it('reads empty text and null lists as an empty document', () => {
    for (const text of ['', '\n', 'apiVersion: v1\nclusters: null\nusers: ~\n']) {
      const config = parseKubeconfig(text);
      assert.deepEqual([config.clusters, config.contexts, config.users], [[], [], []]);
    }
  });

  it('rejects what is not a kubeconfig, saying what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['- a\n- b\n', /must be a YAML mapping/],
      ['clusters: {}\n', /"clusters" must be a list/],
      ['users:\n- user: {}\n', /users\[0\] must be a mapping with a string "name"/],
      ['current-context: [x]\n', /"current-context" must be a string/],
      ['clusters: [\n', /not valid YAML/],
    ];
    for (const [text, error] of cases) assert.throws(() => parseKubeconfig(text), error, text);
  });

  it('round-trips, quoting strings that YAML 1.1 would misread', () => {
    const config = mergeKubeconfig(emptyKubeconfig(), { ...access('dev'), token: 'yes', entryName: '0123' });
    const text = stringifyKubeconfig(config);
    assert.match(text, /token: "yes"/);
    assert.deepEqual(parseKubeconfig(text), config);
    assert.match(text, /^apiVersion: v1\nclusters:\n- cluster:/);
  });
});
