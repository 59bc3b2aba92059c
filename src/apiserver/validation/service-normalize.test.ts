import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCreate, validateUpdate } from './index.js';
import { serviceAsValidated } from './service-normalize.js';
import { asKube, edit, info, messages, service } from './test-fixtures.js';

const svcInfo = info('v1', 'Service');

describe('Service registry normalization before validation', () => {
  it('a headless service may omit clusterIPs and ports', () => {
    const headless = edit(service(), (s) => {
      s.spec!.clusterIP = 'None';
      delete s.spec!.clusterIPs;
      s.spec!.ports = [];
    });
    assert.deepEqual(messages(validateCreate(svcInfo, asKube(headless))), []);
    assert.deepEqual(serviceAsValidated(headless).spec?.clusterIPs, ['None']);
  });

  it('a replace that leaves out the allocated IP keeps it', () => {
    const old = service();
    const replaced = edit(old, (s) => {
      delete s.spec!.clusterIP;
      delete s.spec!.clusterIPs;
    });
    assert.deepEqual(messages(validateUpdate(svcInfo, asKube(replaced), asKube(old))), []);
  });

  it('switching to ExternalName drops the cluster IPs the user did not touch', () => {
    const old = service();
    const ext = edit(old, (s) => {
      s.spec!.type = 'ExternalName';
      s.spec!.externalName = 'db.example.com';
    });
    assert.deepEqual(messages(validateUpdate(svcInfo, asKube(ext), asKube(old))), []);
    assert.equal(serviceAsValidated(ext, old).spec?.clusterIPs, undefined);
  });

  it('switching NodePort to ClusterIP drops untouched node ports', () => {
    const old = edit(service(), (s) => {
      s.spec!.type = 'NodePort';
      s.spec!.externalTrafficPolicy = 'Cluster';
      s.spec!.ports![0]!.nodePort = 30080;
    });
    const back = edit(old, (s) => (s.spec!.type = 'ClusterIP'));
    assert.deepEqual(messages(validateUpdate(svcInfo, asKube(back), asKube(old))), []);
  });

  it('changing only clusterIP moves clusterIPs along, and is refused', () => {
    const old = service();
    const moved = edit(old, (s) => (s.spec!.clusterIP = '10.96.0.77'));
    assert.deepEqual(messages(validateUpdate(svcInfo, asKube(moved), asKube(old))), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.77"}: may not change once set',
    ]);
  });
});
