import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, httpGet, podIp, startContainer, waitForHttp } from './program-test-helpers.js';

describe('hashicorp/http-echo', () => {
  it('echoes -text on every path, /health answers, SIGTERM exits 2 as upstream', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const c = await startContainer('hashicorp/http-echo:1.0', { ip, args: ['-text=hello world', `-listen=:${port}`] });
    const answer = await waitForHttp(ip, port, '/some/path');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'hello world\n');
    assert.equal(answer.headers['x-app-name'], 'http-echo');
    assert.equal(answer.headers['x-app-version'], '1.0.0');
    const health = await httpGet(ip, port, '/health');
    assert.equal(health.body, '{"status":"ok"}\n');
    await c.waitForOutput(/"GET \/some\/path HTTP\/1\.1" 200 12 /);
    assert.match(c.output(), new RegExp(`\\[INFO\\] server is listening on :${port}\\n`));
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, { code: 2, signal: null });
    assert.match(c.output(), /\[INFO\] received interrupt, shutting down\.\.\./);
  });

  it('uses ECHO_TEXT (the image sets hello-world) and -status-code; -version prints the version', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const c = await startContainer('hashicorp/http-echo', { ip, args: [`-listen=:${port}`, '-status-code', '201'] });
    const answer = await waitForHttp(ip, port);
    assert.deepEqual([answer.status, answer.body], [201, 'hello-world\n']);
    c.child.kill('SIGKILL');
    await c.exited;

    const version = await startContainer('hashicorp/http-echo:0.2.3', { args: ['-version'] });
    assert.equal((await version.exited).code, 0);
    assert.match(version.output(), /^http-echo v0\.2\.3 /);
  });

  it('rejects unknown flags and stray arguments with exit codes 2 and 127', async () => {
    const badFlag = await startContainer('hashicorp/http-echo', { args: ['-nope'] });
    assert.equal((await badFlag.exited).code, 2);
    assert.match(badFlag.output(), /^flag provided but not defined: -nope\n/);
    const stray = await startContainer('hashicorp/http-echo', { args: ['-text=x', 'extra'] });
    assert.equal((await stray.exited).code, 127);
    assert.equal(stray.output(), 'Too many arguments!\n');
  });
});
