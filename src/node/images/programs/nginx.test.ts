import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mountsEnv } from '../container-mounts.js';
import { freePort, httpGet, podIp, startContainer, waitForHttp } from './program-test-helpers.js';

const isRoot = process.getuid?.() === 0;

describe('nginx', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeling-nginx-'));
    dirs.push(dir);
    return dir;
  };

  it('serves the welcome page on port 80 and logs like the image', {
    skip: !isRoot && 'port 80 needs root',
  }, async () => {
    const ip = podIp();
    const c = await startContainer('nginx:1.25.3', { ip });
    const page = await waitForHttp(ip, 80, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Welcome to nginx!<\/title>/);
    assert.equal(page.body.length, 615);
    assert.equal(page.headers.server, 'nginx/1.25.3');
    assert.equal(page.headers['content-type'], 'text/html');
    const cases: { path: string; method?: string; status: number; body: RegExp }[] = [
      { path: '/index.html', status: 200, body: /Welcome to nginx!/ },
      { path: '/50x.html', status: 200, body: /An error occurred\./ },
      {
        path: '/missing',
        status: 404,
        body: /<center><h1>404 Not Found<\/h1><\/center>\r\n<hr><center>nginx\/1\.25\.3<\/center>/,
      },
      { path: '/', method: 'HEAD', status: 200, body: /^$/ },
      { path: '/', method: 'POST', status: 405, body: /405 Not Allowed/ },
    ];
    for (const { path, method, status, body } of cases) {
      const answer = await httpGet(ip, 80, path, method ? { method } : {});
      assert.equal(answer.status, status, `${method ?? 'GET'} ${path}`);
      assert.match(answer.body, body, `${method ?? 'GET'} ${path}`);
    }
    await c.waitForOutput(
      /127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "-" "-"\n/,
    );
    assert.match(c.output(), /^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty/);
    assert.match(c.output(), /\/docker-entrypoint\.sh: Configuration complete; ready for start up\n/);
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
    assert.match(c.output(), /\[notice\] \d+#\d+: signal 15 \(SIGTERM\) received, exiting\n/);
  });

  it('serves files mounted over /usr/share/nginx/html, on the port of a mounted config', async () => {
    const html = await tempDir();
    await writeFile(join(html, 'index.html'), '<h1>from a ConfigMap</h1>\n');
    await mkdir(join(html, 'sub'));
    await writeFile(join(html, 'sub', 'page.txt'), 'plain text');
    const conf = await tempDir();
    const ip = podIp();
    const port = await freePort(ip);
    await writeFile(
      join(conf, 'default.conf'),
      `server {\n    listen ${port}; # not 80\n    listen [::]:${port};\n    location / {\n        root /usr/share/nginx/html;\n        index index.html;\n    }\n}\n`,
    );
    const env = mountsEnv({ '/usr/share/nginx/html': html, '/etc/nginx/conf.d': conf });
    const c = await startContainer('nginx', { ip, env });
    const index = await waitForHttp(ip, port, '/');
    assert.equal(index.body, '<h1>from a ConfigMap</h1>\n');
    const cases: { path: string; status: number; check: (a: Awaited<ReturnType<typeof httpGet>>) => void }[] = [
      { path: '/sub/page.txt', status: 200, check: (a) => assert.equal(a.headers['content-type'], 'text/plain') },
      { path: '/sub', status: 301, check: (a) => assert.equal(a.headers.location, `http://${ip}:${port}/sub/`) },
      { path: '/sub/', status: 403, check: (a) => assert.match(a.body, /403 Forbidden/) },
      { path: '/50x.html', status: 404, check: () => {} },
      { path: '/../etc/passwd', status: 400, check: (a) => assert.match(a.body, /400 Bad Request/) },
      { path: '/sub/%2e%2e/index.html', status: 200, check: (a) => assert.match(a.body, /from a ConfigMap/) },
    ];
    for (const { path, status, check } of cases) {
      const answer = await httpGet(ip, port, path);
      assert.equal(answer.status, status, path);
      check(answer);
    }
    const etag = index.headers.etag as string;
    assert.equal((await httpGet(ip, port, '/', { headers: { 'If-None-Match': etag } })).status, 304);
    c.child.kill('SIGQUIT');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
  });

  it('nginx-unprivileged listens on 8080; nginx -v and -t answer', async () => {
    const ip = podIp();
    const c = await startContainer('nginxinc/nginx-unprivileged:1.27-alpine', { ip });
    assert.match((await waitForHttp(ip, 8080)).body, /Welcome to nginx!/);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
    const version = await startContainer('nginx:alpine', { command: ['nginx', '-v'] });
    assert.equal((await version.exited).code, 0);
    assert.match(version.output(), /^nginx version: nginx\/\d+\.\d+\.\d+\n$/);
    const test = await startContainer('nginx', { command: ['nginx', '-t'] });
    assert.equal((await test.exited).code, 0);
    assert.match(test.output(), /test is successful/);
  });

  it('exits 1 with nginx’s bind error and a hint when port 80 is not allowed', async () => {
    const c = await startContainer('nginx', isRoot ? { uid: 65534 } : {});
    assert.equal((await c.exited).code, 1);
    assert.match(c.output(), /nginx: \[emerg\] bind\(\) to 127\.244\.\d+\.\d+:80 failed \(13: Permission denied\)/);
    assert.match(c.output(), /run kubeling as root, use the image nginxinc\/nginx-unprivileged/);
  });
});
