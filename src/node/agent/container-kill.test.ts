import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createProcessRuntime } from '../runtime/index.js';
import { killContainer } from './container-kill.js';
import { Deadline } from './deadline.js';

/** A shell that logs SIGTERM and ignores it (so only SIGKILL ends it), or exits on it. */
function script(onTerm: 'ignore' | 'exit'): string {
  const trap = onTerm === 'ignore' ? "trap 'echo term' TERM" : "trap 'echo term; exit 0' TERM";
  return `${trap}; while true; do sleep 0.05; done`;
}

async function withRuntime(fn: (start: (onTerm: 'ignore' | 'exit') => ReturnType<typeof startProc>) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-kill-'));
  const runtime = createProcessRuntime({ stateDir: join(dir, 'state') });
  let n = 0;
  // The runtime's handles do not keep the process alive (nor do deadlines): the test does.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await fn((onTerm) => startProc(runtime, dir, `${n++}.log`, onTerm));
  } finally {
    clearInterval(keepAlive);
    await runtime.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startProc(
  runtime: ReturnType<typeof createProcessRuntime>,
  dir: string,
  log: string,
  onTerm: 'ignore' | 'exit',
) {
  const proc = await runtime.start({
    file: 'sh',
    args: ['-c', script(onTerm)],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    cwd: dir,
    logPath: join(dir, log),
  });
  // Let the shell install its trap.
  await new Promise((r) => setTimeout(r, 100));
  return proc;
}

describe('killing a container', () => {
  it('runs preStop, then SIGTERM, and is done when the process exits on it', async () => {
    await withRuntime(async (start) => {
      const proc = await start('exit');
      const order: string[] = [];
      const t0 = Date.now();
      const result = await killContainer({
        process: proc,
        deadline: new Deadline(Date.now() + 5000),
        preStop: async () => {
          order.push('preStop');
          await new Promise((r) => setTimeout(r, 200));
        },
      });
      assert.deepEqual(result.steps, ['preStop', 'SIGTERM']);
      assert.deepEqual(order, ['preStop']);
      assert.equal(result.exit.exitCode, 0);
      assert.ok(Date.now() - t0 < 2000);
    });
  });

  it('sends SIGKILL when the grace period ends, keeping 2 s after SIGTERM', async () => {
    await withRuntime(async (start) => {
      const proc = await start('ignore');
      const t0 = Date.now();
      // A 1 s grace period consumed by the preStop hook: SIGTERM at ~1 s, SIGKILL 2 s later.
      const result = await killContainer({
        process: proc,
        deadline: new Deadline(Date.now() + 1000),
        preStop: (timeoutMs, signal) =>
          new Promise((resolve) => {
            const timer = setTimeout(resolve, 10_000);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
            assert.ok(timeoutMs <= 1000);
          }),
      });
      const elapsed = Date.now() - t0;
      assert.deepEqual(result.steps, ['preStop', 'SIGTERM', 'SIGKILL']);
      assert.equal(result.exit.exitCode, 137);
      assert.ok(elapsed >= 2900 && elapsed < 4500, `elapsed ${elapsed}`);
    });
  });

  it('kills at once when forced, skipping preStop', async () => {
    await withRuntime(async (start) => {
      const proc = await start('ignore');
      let preStopRan = false;
      const result = await killContainer({
        process: proc,
        deadline: new Deadline(Date.now()),
        preStop: async () => {
          preStopRan = true;
        },
      });
      assert.deepEqual(result.steps, ['SIGKILL']);
      assert.equal(preStopRan, false);
    });
  });

  it('turns into SIGKILL when forced while waiting after SIGTERM', async () => {
    await withRuntime(async (start) => {
      const proc = await start('ignore');
      const force = new AbortController();
      const deadline = new Deadline(Date.now() + 30_000);
      setTimeout(() => {
        deadline.shorten(Date.now());
        force.abort();
      }, 300);
      const t0 = Date.now();
      const result = await killContainer({ process: proc, deadline, force: force.signal });
      assert.deepEqual(result.steps, ['SIGTERM', 'SIGKILL']);
      assert.ok(Date.now() - t0 < 1500);
      deadline.dispose();
    });
  });
});
