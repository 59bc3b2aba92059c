import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ImagePullError, type ProcessSpec } from '../node-types.js';
import { StartError } from './container-command.js';
import { mountsEnv } from './container-mounts.js';
import { createImageResolver, InvalidImageNameError } from './image-resolver.js';
import { programScript } from './program-launch.js';

type Outcome = { program: string; meta: Record<string, unknown>; args: string[] } | { host: string; args: string[] };

/** What a process spec runs: a built-in program (name, meta, container args) or a host tool (basename, args). */
function outcome(spec: ProcessSpec): Outcome {
  for (const program of ['hello-app', 'agnhost', 'http-echo', 'nginx', 'pause'] as const) {
    const at = spec.args.indexOf(programScript(program));
    if (spec.file === process.execPath && at !== -1) {
      return { program, meta: JSON.parse(spec.args[at + 1] ?? '{}'), args: spec.args.slice(at + 2) };
    }
  }
  return { host: basename(spec.file), args: spec.args };
}

const hostHas = (tool: string): boolean =>
  (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, tool)));

const launch = (command?: string[], args?: string[], env: Record<string, string> = {}) => ({
  command,
  args,
  env: { POD_IP: '127.244.9.9', HOSTNAME: 'p', ...env },
  cwd: '/tmp',
});

describe('image resolution', () => {
  const resolver = createImageResolver();
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('applies ENTRYPOINT/CMD as Kubernetes documents', async () => {
    const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost:2.53';
    const cases: { image: string; command?: string[]; args?: string[]; expect: Outcome; needs?: string }[] = [
      {
        image: 'gcr.io/google-samples/hello-app:1.0',
        expect: { program: 'hello-app', meta: { argv0: '/hello-app', version: '1.0.0' }, args: [] },
      },
      { image: AGNHOST, expect: { program: 'agnhost', meta: { argv0: '/agnhost' }, args: ['pause'] } },
      {
        image: AGNHOST,
        args: ['netexec', '--http-port=8080'],
        expect: { program: 'agnhost', meta: { argv0: '/agnhost' }, args: ['netexec', '--http-port=8080'] },
      },
      {
        image: AGNHOST,
        command: ['/agnhost', 'netexec'],
        expect: { program: 'agnhost', meta: { argv0: '/agnhost' }, args: ['netexec'] },
      },
      {
        image: AGNHOST,
        command: ['/agnhost-2'],
        args: ['entrypoint-tester'],
        expect: { program: 'agnhost', meta: { argv0: '/agnhost-2' }, args: ['entrypoint-tester'] },
      },
      { image: AGNHOST, command: ['sh', '-c', 'echo hi'], expect: { host: 'sh', args: ['-c', 'echo hi'] } },
      {
        image: AGNHOST,
        command: [],
        args: [],
        expect: { program: 'agnhost', meta: { argv0: '/agnhost' }, args: ['pause'] },
      },
      { image: 'busybox', expect: { host: 'sh', args: [] } },
      { image: 'busybox', command: ['sleep', '3600'], expect: { host: 'sleep', args: ['3600'] } },
      { image: 'busybox', args: ['echo', 'hi'], expect: { host: 'echo', args: ['hi'] } },
      { image: 'busybox', command: ['/bin/sh', '-c', 'x'], expect: { host: 'sh', args: ['-c', 'x'] } },
      { image: 'busybox', command: ['busybox', 'wget', '-q'], expect: { host: 'wget', args: ['-q'] }, needs: 'wget' },
      { image: 'alpine', expect: { host: 'sh', args: [] } },
      { image: 'ubuntu', expect: { host: 'bash', args: [] } },
      { image: 'debian:12', command: ['cat', '/etc/hostname'], expect: { host: 'cat', args: ['/etc/hostname'] } },
      { image: 'curlimages/curl', expect: { host: 'curl', args: [] }, needs: 'curl' },
      {
        image: 'curlimages/curl:8.10.1',
        args: ['-s', 'http://x/'],
        expect: { host: 'curl', args: ['-s', 'http://x/'] },
        needs: 'curl',
      },
      { image: 'curlimages/curl', args: ['http://x/'], expect: { host: 'curl', args: ['http://x/'] }, needs: 'curl' },
      { image: 'curlimages/curl', args: ['sh', '-c', 'x'], expect: { host: 'sh', args: ['-c', 'x'] } },
      {
        image: 'nginx',
        expect: {
          program: 'nginx',
          meta: { argv0: 'nginx', version: '1.27.5', viaEntrypoint: true },
          args: ['-g', 'daemon off;'],
        },
      },
      {
        image: 'nginx:1.25.3-alpine',
        command: ['nginx', '-g', 'daemon off;'],
        expect: { program: 'nginx', meta: { argv0: 'nginx', version: '1.25.3' }, args: ['-g', 'daemon off;'] },
      },
      {
        image: 'nginx',
        args: ['nginx-debug'],
        expect: { program: 'nginx', meta: { argv0: 'nginx-debug', version: '1.27.5', viaEntrypoint: true }, args: [] },
      },
      {
        image: 'nginx',
        command: ['/docker-entrypoint.sh', 'sh', '-c', 'x'],
        expect: { host: 'sh', args: ['-c', 'x'] },
      },
      {
        image: 'nginxinc/nginx-unprivileged',
        command: ['/usr/sbin/nginx'],
        expect: { program: 'nginx', meta: { argv0: '/usr/sbin/nginx', version: '1.27.5', port: 8080 }, args: [] },
      },
      { image: 'registry.k8s.io/pause:3.10', expect: { program: 'pause', meta: { argv0: '/pause' }, args: [] } },
      {
        image: 'hashicorp/http-echo',
        args: ['-text=hi'],
        expect: { program: 'http-echo', meta: { argv0: '/http-echo', version: '1.0.0' }, args: ['-text=hi'] },
      },
    ];
    for (const { image, command, args, expect, needs } of cases) {
      if (needs !== undefined && !hostHas(needs)) continue;
      const spec = (await resolver.resolve(image)).processFor(launch(command, args));
      assert.deepEqual(
        outcome(spec),
        expect,
        `${image} command=${JSON.stringify(command)} args=${JSON.stringify(args)}`,
      );
    }
  });

  it('fails to start commands the image cannot run, with the runtime wording', async () => {
    const cases: { image: string; command?: string[]; message: RegExp }[] = [
      {
        image: 'registry.k8s.io/pause:3.9',
        command: ['sh'],
        message: /exec: "sh": executable file not found in \$PATH: unknown$/,
      },
      {
        image: 'hashicorp/http-echo',
        command: ['/bin/sh'],
        message: /exec: "\/bin\/sh": stat \/bin\/sh: no such file or directory/,
      },
      {
        image: 'busybox',
        command: ['no-such-tool-kubeling'],
        message: /exec: "no-such-tool-kubeling": executable file not found in \$PATH/,
      },
      {
        image: 'busybox',
        command: ['/no/such/kubeling-tool'],
        message: /stat \/no\/such\/kubeling-tool: no such file or directory/,
      },
      { image: 'busybox', command: ['./relative-missing'], message: /exec: "\.\/relative-missing": stat/ },
    ];
    for (const { image, command, message } of cases) {
      const image_ = await resolver.resolve(image);
      assert.throws(
        () => image_.processFor(launch(command)),
        (err: unknown) =>
          err instanceof StartError &&
          message.test(err.message) &&
          err.message.startsWith('failed to create containerd task'),
        `${image} ${JSON.stringify(command)}`,
      );
    }
  });

  it('gives the environment: image ENV, overridden by the container, host PATH appended', async () => {
    const hello = await resolver.resolve('gcr.io/google-samples/hello-app:2.0');
    const byDefault = hello.processFor(launch());
    assert.equal(byDefault.env.PORT, '8080');
    assert.equal(byDefault.env.POD_IP, '127.244.9.9');
    assert.equal(byDefault.cwd, '/tmp');
    const pathDirs = (byDefault.env.PATH ?? '').split(':');
    assert.equal(pathDirs[0], '/usr/local/sbin');
    for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) assert.ok(pathDirs.includes(dir), dir);
    assert.equal(new Set(pathDirs).size, pathDirs.length, 'no duplicates');
    assert.equal(hello.processFor(launch(undefined, undefined, { PORT: '9000' })).env.PORT, '9000');
    assert.equal((await resolver.resolve('hashicorp/http-echo')).processFor(launch()).env.ECHO_TEXT, 'hello-world');
  });

  it('maps commands and arguments on volume mounts to host paths', async () => {
    const volume = await mkdtemp(join(tmpdir(), 'kubeling-resolve-'));
    dirs.push(volume);
    await writeFile(join(volume, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(volume, 'run.sh'), 0o755);
    const env = mountsEnv({ '/scripts': volume, '/etc/config': '/srv/config' });
    const busybox = await resolver.resolve('busybox');
    const script = busybox.processFor(
      launch(['/scripts/run.sh', '/etc/config/a', '/etc/configs/b', 'x'], undefined, env),
    );
    assert.equal(script.file, join(volume, 'run.sh'));
    assert.deepEqual(script.args, ['/srv/config/a', '/etc/configs/b', 'x']);
    const shell = busybox.processFor(
      launch(['sh', '-c', 'cat /etc/config/a "/etc/config"; ls /etc/configs /scripts'], undefined, env),
    );
    assert.deepEqual(shell.args, ['-c', `cat /srv/config/a "/srv/config"; ls /etc/configs ${volume}`]);
  });

  it('normalizes references: one image, one stable id', async () => {
    const ids = await Promise.all(
      ['nginx', 'nginx:latest', 'docker.io/library/nginx:latest', 'index.docker.io/library/nginx'].map((i) =>
        resolver.resolve(i),
      ),
    );
    assert.deepEqual(new Set(ids.map((i) => i.ref)), new Set(['docker.io/library/nginx:latest']));
    assert.equal(new Set(ids.map((i) => i.id)).size, 1);
    assert.match(ids[0]?.id ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.notEqual((await resolver.resolve('nginx:1.25')).id, ids[0]?.id);
    const digest = `sha256:${'c'.repeat(64)}`;
    const pinned = await resolver.resolve(`nginx@${digest}`);
    assert.deepEqual([pinned.ref, pinned.id], [`docker.io/library/nginx@${digest}`, digest]);
  });

  it('fails like a pull of a missing image, and says how to add it', async () => {
    const cases = ['no-such-image', 'gcr.io/google-samples/hello-app:3.0', 'example.com/team/app:v1'];
    for (const image of cases) {
      await assert.rejects(resolver.resolve(image), (err: unknown) => {
        assert.ok(err instanceof ImagePullError, image);
        assert.equal(err.image, image);
        assert.match(
          err.message,
          new RegExp(
            `^Failed to pull image "${image.replace(/[.]/g, '\\.')}": rpc error: code = NotFound .*: not found\\.`,
          ),
        );
        assert.ok(err.message.includes(`kubeling image add ${image} -- <command>`), err.message);
        return true;
      });
    }
    await assert.rejects(
      resolver.resolve('Bad/Name'),
      (err: unknown) =>
        err instanceof InvalidImageNameError &&
        err instanceof ImagePullError &&
        err.reason === 'InvalidImageName' &&
        /^Failed to apply default image tag "Bad\/Name": couldn't parse image name "Bad\/Name": invalid reference format/.test(
          err.message,
        ),
    );
  });
});

describe('local images', () => {
  it('resolves images from the file, re-reading it when it changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeling-local-images-'));
    after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'images.json');
    const resolver = createImageResolver({ localImagesFile: file });
    await assert.rejects(resolver.resolve('myapp:dev'), ImagePullError);
    const write = (images: unknown[]): Promise<void> => writeFile(file, JSON.stringify({ images }));
    await write([
      { name: 'myapp:dev', command: ['node', 'server.js'], workdir: dir, env: { MODE: 'dev' } },
      { name: 'nginx', command: ['sleep', '1'], workdir: dir, env: {} },
      { name: 'Bad Name', command: ['x'] },
      { name: 'no-command', command: [] },
    ]);
    const app = await resolver.resolve('docker.io/library/myapp:dev');
    assert.equal(app.local, true);
    assert.equal(app.ref, 'docker.io/library/myapp:dev');
    const spec = app.processFor(launch(undefined, ['--port', '9000'], { MODE: 'prod' }));
    assert.equal(basename(spec.file), 'node');
    assert.deepEqual(spec.args, ['server.js', '--port', '9000']);
    assert.equal(spec.cwd, dir, 'a local image starts in its workdir');
    assert.equal(spec.env.MODE, 'prod', 'the container env wins over the image env');
    assert.equal(app.processFor(launch()).env.MODE, 'dev');
    assert.deepEqual(outcome(app.processFor(launch(['sh', '-c', 'x']))), { host: 'sh', args: ['-c', 'x'] });
    assert.equal((await resolver.resolve('nginx:latest')).local, true, 'a local image shadows a built-in one');
    await assert.rejects(resolver.resolve('no-command'), ImagePullError);

    const firstId = app.id;
    await write([{ name: 'myapp:dev', command: ['node', 'other.js'], workdir: dir, env: {} }]);
    const changed = await resolver.resolve('myapp:dev');
    assert.deepEqual(changed.processFor(launch()).args, ['other.js']);
    assert.notEqual(changed.id, firstId);
    assert.equal((await resolver.resolve('nginx')).local, false, 'removed: the built-in image again');
    await rm(file);
    await assert.rejects(resolver.resolve('myapp:dev'), ImagePullError);
  });
});
