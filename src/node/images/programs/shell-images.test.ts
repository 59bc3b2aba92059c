import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mountsEnv } from '../container-mounts.js';
import { startContainer, waitForIdle } from './program-test-helpers.js';

describe('pause and shell images', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('registry.k8s.io/pause sleeps until SIGTERM, then exits 0', async () => {
    const c = await startContainer('registry.k8s.io/pause:3.10');
    await waitForIdle(c.child.pid ?? 0);
    assert.equal(c.child.exitCode, null, 'still running');
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
    assert.equal(c.output(), 'Shutting down, got signal: Terminated\n');
  });

  it('busybox and alpine run commands with the host tools and the container env', async () => {
    const cases: { image: string; command?: string[]; args?: string[]; output: (ip: string) => string }[] = [
      {
        image: 'busybox',
        command: ['sh', '-c', 'echo hello $HOSTNAME $GREETING'],
        output: () => 'hello test-pod hi\n',
      },
      { image: 'busybox:1.36', args: ['echo', 'args replace CMD'], output: () => 'args replace CMD\n' },
      { image: 'alpine:3.20', command: ['/bin/sh', '-c', 'echo "$POD_IP"'], output: (ip) => `${ip}\n` },
      {
        image: 'registry.k8s.io/e2e-test-images/busybox:1.29-4',
        command: ['/bin/busybox', 'echo', 'multi-call'],
        output: () => 'multi-call\n',
      },
    ];
    for (const { image, command, args, output } of cases) {
      const c = await startContainer(image, {
        ...(command ? { command } : {}),
        ...(args ? { args } : {}),
        env: { GREETING: 'hi' },
      });
      assert.equal((await c.exited).code, 0, image);
      assert.equal(c.output(), output(c.ip), image);
    }
  });

  it('busybox without a command runs sh, which ends at once without a terminal (Completed)', async () => {
    const c = await startContainer('busybox');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
  });

  it('runs scripts and reads files from volume mounts', async () => {
    const volume = await mkdtemp(join(tmpdir(), 'kubeling-mount-'));
    dirs.push(volume);
    await writeFile(join(volume, 'run.sh'), '#!/bin/sh\necho "script says $1"\n');
    await chmod(join(volume, 'run.sh'), 0o755);
    await writeFile(join(volume, 'key'), 'value-from-configmap');
    const env = mountsEnv({ '/etc/config': volume });
    const cases: { command: string[]; output: string }[] = [
      { command: ['/etc/config/run.sh', 'hi'], output: 'script says hi\n' },
      { command: ['cat', '/etc/config/key'], output: 'value-from-configmap' },
      { command: ['sh', '-c', 'cat /etc/config/key; echo'], output: 'value-from-configmap\n' },
    ];
    for (const { command, output } of cases) {
      const c = await startContainer('busybox', { command, env });
      assert.equal((await c.exited).code, 0, command.join(' '));
      assert.equal(c.output(), output, command.join(' '));
    }
  });
});
