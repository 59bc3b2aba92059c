import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidReferenceError, parseImageReference } from './image-reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('image references', () => {
  it('normalizes references as container runtimes do', () => {
    const cases: [string, string, string][] = [
      ['nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
      ['nginx:1.25', 'docker.io/library/nginx:1.25', 'nginx:1.25'],
      ['docker.io/library/nginx:latest', 'docker.io/library/nginx:latest', 'nginx:latest'],
      ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
      ['docker.io/nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
      ['hashicorp/http-echo', 'docker.io/hashicorp/http-echo:latest', 'hashicorp/http-echo:latest'],
      [
        'gcr.io/google-samples/hello-app:1.0',
        'gcr.io/google-samples/hello-app:1.0',
        'gcr.io/google-samples/hello-app:1.0',
      ],
      ['localhost:5000/team/app:dev', 'localhost:5000/team/app:dev', 'localhost:5000/team/app:dev'],
      ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
      [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`, `nginx@${DIGEST}`],
      [`nginx:1.25@${DIGEST}`, `docker.io/library/nginx:1.25@${DIGEST}`, `nginx:1.25@${DIGEST}`],
      [
        'my-registry.example.com:443/x-y__z/a.b:T_1.0-rc',
        'my-registry.example.com:443/x-y__z/a.b:T_1.0-rc',
        'my-registry.example.com:443/x-y__z/a.b:T_1.0-rc',
      ],
    ];
    for (const [image, normalized, familiar] of cases) {
      const ref = parseImageReference(image);
      assert.equal(ref.normalized, normalized, image);
      assert.equal(ref.familiar, familiar, image);
    }
    const agnhost = parseImageReference('registry.k8s.io/e2e-test-images/agnhost:2.53');
    assert.deepEqual(
      [agnhost.domain, agnhost.path, agnhost.repository, agnhost.tag, agnhost.digest],
      ['registry.k8s.io', 'e2e-test-images/agnhost', 'registry.k8s.io/e2e-test-images/agnhost', '2.53', undefined],
    );
  });

  it('rejects invalid references with the runtime wording', () => {
    const cases: [string, RegExp][] = [
      [
        'Nginx',
        /^couldn't parse image name "Nginx": invalid reference format: repository name \(library\/Nginx\) must be lowercase$/,
      ],
      ['', /invalid reference format/],
      [' nginx', /invalid reference format/],
      ['nginx:', /invalid reference format: invalid tag/],
      ['nginx:bad tag', /invalid reference format/],
      ['nginx@sha256:short', /invalid digest/],
      ['a//b', /invalid reference format/],
      ['foo/', /invalid reference format/],
      ['-nginx', /invalid reference format/],
      [`${'a'.repeat(256)}`, /must not be more than 255 characters/],
    ];
    for (const [image, message] of cases) {
      assert.throws(
        () => parseImageReference(image),
        (err: unknown) => err instanceof InvalidReferenceError && message.test(err.message),
        JSON.stringify(image),
      );
    }
  });
});
