import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, podIp, startContainer, waitForHttp } from './program-test-helpers.js';

describe('hello-app', () => {
  const cases = [
    { image: 'gcr.io/google-samples/hello-app:1.0', version: '1.0.0' },
    { image: 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0', version: '2.0.0' },
  ];
  for (const { image, version } of cases) {
    it(`${image} answers every path with its version and hostname on PORT`, async () => {
      const ip = podIp();
      const port = await freePort(ip);
      const c = await startContainer(image, { ip, env: { PORT: String(port), HOSTNAME: 'hello-abc' } });
      const answer = await waitForHttp(ip, port, '/any/path');
      assert.equal(answer.status, 200);
      assert.equal(answer.body, `Hello, world!\nVersion: ${version}\nHostname: hello-abc\n`);
      assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8');
      await c.waitForOutput('Serving request: /any/path');
      assert.match(
        c.output(),
        new RegExp(`^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d Server listening on port ${port}\\n`),
      );
      c.child.kill('SIGTERM');
      assert.deepEqual(await c.exited, { code: 0, signal: null });
    });
  }

  it('listens on 8080 by default, on its pod IP only', async () => {
    const ip = podIp();
    const c = await startContainer('gcr.io/google-samples/hello-app:1.0', { ip });
    const answer = await waitForHttp(ip, 8080);
    assert.match(answer.body, /^Hello, world!\n/);
    const other = podIp();
    await assert.rejects(waitForHttp(other, 8080, '/', 300), /ECONNREFUSED/);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });
});
