import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseImageReference } from '../../node/images/image-reference.js';
import { createImageResolver } from '../../node/images/index.js';
import { main } from '../main.js';
import { type TestContext, testContext } from '../testdata/test-context.js';
import { imageKey } from './image.js';

describe('kubeling image', () => {
  const contexts: TestContext[] = [];
  after(() => Promise.all(contexts.map((c) => rm(c.root, { recursive: true, force: true }))));
  const newContext = async (): Promise<TestContext> => {
    const ctx = await testContext();
    contexts.push(ctx);
    return ctx;
  };
  const run = async (ctx: TestContext, ...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    ctx.stdout.length = 0;
    ctx.stderr.length = 0;
    const code = await main(argv, ctx);
    return { code, out: ctx.stdout.join('\n'), err: ctx.stderr.join('\n') };
  };

  it('adds, lists, replaces and removes local images the node agent resolves', async () => {
    const ctx = await newContext();
    const app = join(ctx.root, 'app');
    await mkdir(app);
    const added = await run(
      ctx,
      'image',
      'add',
      'myapp:dev',
      '--workdir',
      'app',
      '--env',
      'MODE=dev',
      '--',
      'node',
      'server.js',
      '--port',
      '3000',
    );
    assert.equal(added.code, 0, added.err);
    assert.equal(added.out, `image "myapp:dev" added: runs node server.js --port 3000 in ${app}`);

    const file = join(ctx.env.KUBELING_HOME ?? '', 'kubeling', 'images.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as {
      images: { name: string; command: string[]; workdir: string; env: object }[];
    };
    assert.deepEqual(
      doc.images.map((i) => [i.name, i.command, i.workdir, i.env]),
      [['myapp:dev', ['node', 'server.js', '--port', '3000'], app, { MODE: 'dev' }]],
    );
    const image = await createImageResolver({ localImagesFile: file }).resolve('docker.io/library/myapp:dev');
    const spec = image.processFor({ command: undefined, args: ['--verbose'], env: {}, cwd: '/' });
    assert.deepEqual([spec.args, spec.cwd, spec.env.MODE], [['server.js', '--port', '3000', '--verbose'], app, 'dev']);

    const list = await run(ctx, 'image', 'list');
    assert.equal(list.code, 0);
    assert.match(
      list.out,
      /^NAME\s+COMMAND\s+WORKDIR\s+ENV\nmyapp:dev\s+node server\.js --port 3000\s+\S+\s+MODE=dev\nbuilt-in images: /,
    );

    const replaced = await run(ctx, 'image', 'add', 'docker.io/library/myapp:dev', '--', 'sh', '-c', 'echo "hi there"');
    assert.equal(replaced.out, `image "myapp:dev" replaced: runs sh -c 'echo "hi there"' in ${ctx.root}`);
    const json = await run(ctx, 'image', 'ls', '-o', 'json');
    assert.equal((JSON.parse(json.out) as unknown[]).length, 1);

    const removed = await run(ctx, 'image', 'rm', 'myapp:dev');
    assert.deepEqual([removed.code, removed.out], [0, 'image "myapp:dev" removed']);
    const empty = await run(ctx, 'image', 'list');
    assert.match(
      empty.out,
      /^no local images; add one with: kubeling image add NAME\[:TAG\] -- COMMAND \[ARGS\.\.\.\]/,
    );
  });

  it('reports mistakes in one line, exit 1', async () => {
    const ctx = await newContext();
    const cases: [string[], RegExp][] = [
      [['image', 'add', 'myapp'], /^error: missing command: kubeling image add myapp -- COMMAND \[ARGS\.\.\.\]$/],
      [['image', 'add', 'MyApp', '--', 'x'], /^error: invalid image name "MyApp": repository names must be lowercase/],
      [['image', 'add', `a@sha256:${'0'.repeat(64)}`, '--', 'x'], /local images are named by tag, not digest/],
      [['image', 'add', 'a', '--env', 'NOEQUALS', '--', 'x'], /^error: invalid --env "NOEQUALS": use KEY=VALUE$/],
      [['image', 'add', 'a', '--workdir', 'missing', '--', 'x'], /^error: --workdir \S+missing is not a directory$/],
      [['image', 'remove', 'ghost'], /^error: no local image "ghost:latest" in cluster "kubeling"/],
      [['image', 'list', '--cluster', 'Bad_Name'], /^error: invalid cluster name "Bad_Name"/],
      [['image', 'list', '-o', 'yaml'], /^error: unknown output format "yaml"/],
    ];
    for (const [argv, pattern] of cases) {
      const { code, err } = await run(ctx, ...argv);
      assert.equal(code, 1, argv.join(' '));
      assert.equal(err.split('\n').length, 1, err);
      assert.match(err, pattern, argv.join(' '));
    }
  });

  it('names images as the node agent normalizes them', () => {
    const cases: [string, string][] = [
      ['myapp', 'myapp:latest'],
      ['myapp:dev', 'myapp:dev'],
      ['docker.io/library/myapp:dev', 'myapp:dev'],
      ['index.docker.io/user/app', 'user/app:latest'],
      ['localhost:5000/a', 'localhost:5000/a:latest'],
      ['registry.example.com/team/app:1.0', 'registry.example.com/team/app:1.0'],
    ];
    for (const [name, key] of cases) {
      assert.equal(imageKey(name), key, name);
      assert.equal(parseImageReference(key).normalized, parseImageReference(name).normalized, name);
    }
  });
});
