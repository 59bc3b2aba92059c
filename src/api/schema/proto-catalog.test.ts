import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadProtoRoot, protoCatalog } from './proto-catalog.js';

const moduleUrl = new URL('./proto-catalog.ts', import.meta.url).href;

/** Loads the catalog in a fresh process; prints how it was loaded and a digest of its content. */
function loadInChild(
  env: Record<string, string>,
  disableCache = false,
): { source: string; size: number; digest: string } {
  const script = `
    import { createHash } from 'node:crypto';
    const m = await import(${JSON.stringify(moduleUrl)});
    ${disableCache ? 'm.setSchemaCacheDir(null);' : ''}
    const c = m.protoCatalog();
    const digest = createHash('sha256').update(JSON.stringify([...c.values()])).digest('hex');
    console.log(JSON.stringify({ source: m.catalogStats().source, size: c.size, digest }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

describe('proto catalog', () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'kubeling-schema-cache-'));
  after(() => rmSync(cacheHome, { recursive: true, force: true }));

  it('parses the protos once, then loads the same catalog from the cache', () => {
    const first = loadInChild({ XDG_CACHE_HOME: cacheHome });
    assert.equal(first.source, 'protos');
    assert.equal(readdirSync(join(cacheHome, 'kubeling')).filter((f) => f.endsWith('.json')).length, 1);
    const second = loadInChild({ XDG_CACHE_HOME: cacheHome });
    assert.equal(second.source, 'cache');
    assert.equal(second.size, first.size);
    assert.equal(second.digest, first.digest);
  });

  it('does not use a cache when disabled', () => {
    const home = join(cacheHome, 'disabled');
    assert.equal(loadInChild({ XDG_CACHE_HOME: home }, true).source, 'protos');
    assert.throws(() => readdirSync(join(home, 'kubeling')));
  });

  it('has the messages of every vendored group with their comments', () => {
    const c = protoCatalog();
    for (const name of [
      'k8s.io.api.core.v1.Pod',
      'k8s.io.api.apps.v1.Deployment',
      'k8s.io.api.batch.v1.CronJob',
      'k8s.io.api.networking.v1.Ingress',
      'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
    ]) {
      assert.ok(c.get(name), name);
    }
    const labels = c.get('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta')?.fields.find((f) => f.name === 'labels');
    assert.deepEqual([labels?.id, labels?.keyType, labels?.type], [11, 'string', 'string']);
    assert.match(labels?.comment ?? '', /^Map of string keys and values/);
  });

  it('loads a resolved protobufjs root, with unvendored imports stubbed', () => {
    const root = loadProtoRoot();
    const job = root.lookupType('k8s.io.api.batch.v1.JobSchedulingConfiguration');
    assert.ok(job.fields.schedulingPolicy?.resolvedType);
  });
});
