import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { main } from './main.js';
import { type TestContext, testContext } from './testdata/test-context.js';
import { KUBERNETES_VERSION } from './version-info.js';

describe('kubeling command line', async () => {
  const contexts: TestContext[] = [];
  after(() => Promise.all(contexts.map((c) => rm(c.root, { recursive: true, force: true }))));
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const ctx = await testContext();
    contexts.push(ctx);
    const code = await main(argv, ctx);
    return { code, out: ctx.stdout.join('\n'), err: ctx.stderr.join('\n') };
  };

  it('prints help with examples, exit 0', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const { code, out } = await run(...argv);
      assert.equal(code, 0, argv.join(' '));
      assert.match(out, /Usage: kubeling/);
      assert.match(out, /Examples:\n {2}kubeling up --detach/);
      for (const command of ['up', 'down', 'delete', 'status', 'version'])
        assert.match(out, new RegExp(`\\n  ${command} `));
    }
  });

  it('prints every subcommand help with examples', async () => {
    const cases: [string, RegExp][] = [
      ['up', /--detach[\s\S]*--kubeconfig <file>[\s\S]*Examples:\n {2}kubeling up/],
      ['down', /--name <name>[\s\S]*Examples:\n {2}kubeling down/],
      ['delete', /Examples:\n {2}kubeling delete/],
      ['status', /-o, --output <format>[\s\S]*Examples:\n {2}kubeling status/],
      ['version', /Examples:\n {2}kubeling version/],
    ];
    for (const [command, pattern] of cases) {
      const { code, out } = await run(command, '--help');
      assert.equal(code, 0, command);
      assert.match(out, pattern, command);
    }
  });

  it('reports usage errors in one line, exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^error: unknown command 'frobnicate'/],
      [['up', '--bogus'], /^error: unknown option '--bogus'$/],
      [['up', '--port', 'x'], /^error: invalid port "x": use a number from 0 \(any free port\) to 65535$/],
      [['up', '--port', '70000'], /^error: invalid port "70000"/],
      [['up', '--name', 'Bad_Name'], /^error: invalid cluster name "Bad_Name"/],
      [['down', '--name', 'ghost'], /^error: cluster "ghost" does not exist/],
      [['status', '-o', 'yaml'], /^error: unknown output format "yaml": use table or json$/],
    ];
    for (const [argv, pattern] of cases) {
      const { code, err } = await run(...argv);
      assert.equal(code, 1, argv.join(' '));
      assert.equal(err.split('\n').length, 1, `one line for ${argv.join(' ')}: ${err}`);
      assert.match(err, pattern);
    }
  });

  it('prints its version and the Kubernetes version it speaks', async () => {
    const { code, out } = await run('version');
    assert.equal(code, 0);
    assert.match(out, /^kubeling version: v\d+\.\d+\.\d+\nKubernetes version: v1\.33\.\d+$/);
    assert.match(KUBERNETES_VERSION, /^v1\.33\./);
    assert.match((await run('--version')).out, /^\d+\.\d+\.\d+$/);
  });

  it('says when there are no clusters', async () => {
    assert.deepEqual(await run('status'), { code: 0, out: 'no clusters; start one with: kubeling up', err: '' });
    assert.deepEqual(await run('status', '-o', 'json'), { code: 0, out: '[]', err: '' });
  });

  it('deletes a cluster that does not exist without complaint', async () => {
    assert.deepEqual(await run('delete', '--name', 'ghost'), {
      code: 0,
      out: 'cluster "ghost" does not exist',
      err: '',
    });
  });
});
