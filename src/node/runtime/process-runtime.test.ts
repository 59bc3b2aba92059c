import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCriRecord } from '../logs/cri-log-format.js';
import type { StartOptions } from '../node-types.js';
import { readPidRecords, writePidRecord } from './pid-records.js';
import { listPids, readProcStat } from './proc-fs.js';
import { createProcessRuntime, type ProcessRuntimeHandle } from './process-runtime.js';
import { ContainerStartError } from './start-error.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

function setup(t: { after: (fn: () => Promise<void> | void) => void }, shutdownGraceMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-runtime-'));
  const runtime = createProcessRuntime({
    stateDir: join(dir, 'state'),
    ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
  });
  t.after(async () => {
    await runtime.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  let n = 0;
  const start = (file: string, args: string[], extra: Partial<StartOptions> = {}) => {
    const logPath = join(dir, 'logs', `${n++}.log`);
    return { logPath, proc: runtime.start({ file, args, env, cwd: dir, logPath, ...extra }) };
  };
  return { dir, runtime, start };
}

function logLines(path: string) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const r = parseCriRecord(Buffer.from(l));
      assert.ok(r, `CRI record: ${l}`);
      return { stream: r.stream, partial: r.partial, content: r.content.toString() };
    });
}

async function fileAppears(path: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function groupAlive(pgid: number): boolean {
  return listPids().some((pid) => {
    const st = readProcStat(pid);
    return st?.pgrp === pgid && st.state !== 'Z';
  });
}

test('runs the command with its env and cwd, in its own process group, logging in the CRI format', async (t) => {
  const { dir, start } = setup(t);
  const { proc, logPath } = start('sh', ['-c', 'echo "$GREETING"; pwd; echo oops >&2'], {
    env: { ...env, GREETING: 'hello world' },
  });
  const p = await proc;
  assert.equal(readProcStat(p.pid)?.pgrp ?? p.pid, p.pid, 'the container leads its group');
  const status = await p.exited;
  assert.deepEqual(
    { code: status.exitCode, signal: status.signal, oom: status.oomKilled },
    {
      code: 0,
      signal: null,
      oom: false,
    },
  );
  const lines = logLines(logPath);
  assert.deepEqual(
    lines.filter((l) => l.stream === 'stdout').map((l) => l.content),
    ['hello world', dir],
  );
  assert.deepEqual(
    lines.filter((l) => l.stream === 'stderr'),
    [{ stream: 'stderr', partial: false, content: 'oops' }],
  );
  assert.match(readFileSync(logPath, 'utf8'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z stdout F hello world\n/);

  // Without a shell of its own, the container sees exactly the environment given: the supervisor adds nothing.
  const envRun = start('env', [], { env: { ...env, A: '1' } });
  await (await envRun.proc).exited;
  assert.deepEqual(
    logLines(envRun.logPath)
      .map((l) => l.content)
      .sort(),
    ['A=1', `PATH=${env.PATH}`],
  );
  const withPwd = start('env', [], { env: { ...env, PWD: '/somewhere' } });
  await (await withPwd.proc).exited;
  assert.ok(
    logLines(withPwd.logPath).some((l) => l.content === 'PWD=/somewhere'),
    'a given PWD is kept',
  );
});

test('exit statuses: codes, signals as 128+n, and the exit of the main process kills what it left behind', async (t) => {
  const { start } = setup(t);
  const cases: { args: string[]; exitCode: number; signal: NodeJS.Signals | null }[] = [
    { args: ['-c', 'exit 0'], exitCode: 0, signal: null },
    { args: ['-c', 'exit 42'], exitCode: 42, signal: null },
    { args: ['-c', 'kill -TERM $$'], exitCode: 143, signal: 'SIGTERM' },
    { args: ['-c', 'kill -KILL $$'], exitCode: 137, signal: 'SIGKILL' },
  ];
  for (const c of cases) {
    const status = await (await start('sh', c.args).proc).exited;
    assert.deepEqual([status.exitCode, status.signal, status.oomKilled], [c.exitCode, c.signal, false], c.args[1]);
    assert.ok(status.finishedAt instanceof Date);
  }
  const p = await start('sh', ['-c', 'sleep 1000 & exit 0']).proc;
  await p.exited;
  assert.equal(groupAlive(p.pid), false, 'the background sleep was killed with its container');
  assert.equal(p.memoryBytes(), undefined);
});

test('kill() signals the whole group', async (t) => {
  const { start, dir } = setup(t);
  const marker = join(dir, 'child-got-term');
  // The main process waits; its child records SIGTERM. Both must receive the signal.
  const inner = `trap "touch ${marker}; exit 0" TERM; touch ${join(dir, 'ready')}; sleep 1000 & wait`;
  const p = await start('sh', ['-c', `sh -c '${inner}' & trap "wait; exit 0" TERM; wait`]).proc;
  await fileAppears(join(dir, 'ready'));
  assert.ok((p.memoryBytes() ?? 0) > 0, 'memory of a live group');
  p.kill('SIGTERM');
  const status = await p.exited;
  assert.equal(status.exitCode, 0, 'the main process got SIGTERM and exited after its child');
  assert.ok(readdirSync(dir).includes('child-got-term'), 'the child got SIGTERM too');
});

test('a group above its memory limit is killed and reported OOMKilled with exit code 137', async (t) => {
  const { start } = setup(t);
  const hog = 'const a = []; setInterval(() => a.push(Buffer.alloc(4 * 1024 * 1024, 1)), 10)';
  const p = await start(process.execPath, ['-e', hog], { memoryLimitBytes: 50 * 1024 * 1024 }).proc;
  const status = await p.exited;
  assert.deepEqual([status.exitCode, status.signal, status.oomKilled], [137, 'SIGKILL', true]);
  // Under its limit, the same kind of process keeps running.
  const calm = await start(process.execPath, ['-e', 'setTimeout(() => {}, 800)'], {
    memoryLimitBytes: 200 * 1024 * 1024,
  }).proc;
  assert.equal((await calm.exited).oomKilled, false);
});

test('start errors are worded as runc words them, before anything runs', async (t) => {
  const { start, dir } = setup(t);
  const cases: [string, string, RegExp][] = [
    ['no-such-command-xyz', dir, /^exec: "no-such-command-xyz": executable file not found in \$PATH$/],
    ['/nope/bin/x', dir, /^exec: "\/nope\/bin\/x": stat \/nope\/bin\/x: no such file or directory$/],
    ['sh', join(dir, 'missing'), /^chdir to cwd \(".*missing"\) set in config.json failed: no such file or directory$/],
  ];
  for (const [file, cwd, message] of cases) {
    await assert.rejects(start(file, [], { cwd }).proc, (err: Error) => {
      assert.ok(err instanceof ContainerStartError);
      assert.match(err.message, message);
      return true;
    });
  }
});

test('stdin is a pipe when asked for', async (t) => {
  const { start } = setup(t);
  const { proc, logPath } = start('cat', [], { stdin: true });
  const p = await proc;
  assert.ok(p.stdin);
  p.stdin.end('typed\n');
  await p.exited;
  assert.deepEqual(logLines(logPath), [{ stream: 'stdout', partial: false, content: 'typed' }]);
  const { proc: noStdin } = start('cat', []);
  assert.equal((await noStdin).stdin, undefined);
});

test('shutdown() sends SIGTERM, then SIGKILL after the grace period, and refuses new starts', async (t) => {
  const { start, runtime, dir } = setup(t, 300);
  const polite = await start('sleep', ['1000']).proc;
  const ready = join(dir, 'stubborn-ready');
  const stubborn = await start('sh', ['-c', `trap "" TERM; touch ${ready}; sleep 1000 & wait; wait`]).proc;
  await fileAppears(ready);
  const t0 = Date.now();
  await runtime.shutdown();
  assert.equal((await polite.exited).signal, 'SIGTERM');
  assert.equal((await stubborn.exited).signal, 'SIGKILL');
  assert.ok(Date.now() - t0 >= 250, 'waited for the grace period');
  assert.equal(runtime.running().length, 0);
  await assert.rejects(start('true', []).proc, /shut down/);
});

test('pid records follow the running containers; leftovers of a dead owner are killed at creation', async (t) => {
  const { start, dir } = setup(t);
  const stateDir = join(dir, 'state');
  const p = await start('sleep', ['1000']).proc;
  assert.deepEqual(
    readPidRecords(stateDir).map((r) => r.pid),
    [p.pid],
  );
  p.kill('SIGKILL');
  await p.exited;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(readPidRecords(stateDir), []);

  // A leftover: a session of a "previous kubeling" (a dead owner), and an unrelated process whose record has
  // the wrong start time (as if its pid had been reused).
  const leftover = spawn('sh', ['-c', 'sleep 1000 & wait'], { detached: true, stdio: 'ignore' });
  const bystander = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
  t.after(() => {
    for (const c of [leftover, bystander]) if (c.exitCode === null) process.kill(-(c.pid ?? 0), 'SIGKILL');
  });
  const leftoverPid = leftover.pid ?? 0;
  const bystanderPid = bystander.pid ?? 0;
  const sessionSize = () => listPids().filter((pid) => readProcStat(pid)?.session === leftoverPid).length;
  for (const deadline = Date.now() + 5000; sessionSize() < 2 && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const oldDir = join(dir, 'old-state');
  const deadOwner = { pid: 999_999, startTime: 1 };
  writePidRecord(oldDir, {
    pid: leftoverPid,
    startTime: readProcStat(leftoverPid)?.startTime ?? 0,
    command: 'sh',
    owner: deadOwner,
  });
  writePidRecord(oldDir, { pid: bystanderPid, startTime: -5, command: 'sleep', owner: deadOwner });
  const restarted: ProcessRuntimeHandle = createProcessRuntime({ stateDir: oldDir });
  t.after(() => restarted.shutdown());
  assert.equal(restarted.leftoversKilled.length, 2, 'the shell and its sleep');
  assert.ok(restarted.leftoversKilled.includes(leftoverPid));
  const exit = await new Promise((r) =>
    leftover.exitCode !== null ? r(leftover.signalCode) : leftover.once('exit', (_c, s) => r(s)),
  );
  assert.equal(exit, 'SIGKILL');
  assert.equal(readProcStat(bystanderPid)?.state !== undefined, true, 'the bystander lives');
  assert.deepEqual(readPidRecords(oldDir), []);
});
