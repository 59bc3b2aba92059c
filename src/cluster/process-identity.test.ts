import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { currentProcessIdentity, isProcessAlive, processStartTicks } from './process-identity.js';

const hasProc = processStartTicks(process.pid) !== undefined;

describe('process identity', () => {
  it('knows this process is alive', () => {
    const me = currentProcessIdentity();
    assert.equal(me.pid, process.pid);
    assert.equal(isProcessAlive(me), true);
  });

  it('tells a live child from the same child after it exited', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid!;
    const startTicks = processStartTicks(pid);
    const id = startTicks === undefined ? { pid } : { pid, startTicks };
    assert.equal(isProcessAlive(id), true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(isProcessAlive(id), false);
  });

  it('rejects a recorded start time that does not match (a reused pid)', { skip: !hasProc && 'no /proc' }, () => {
    const cases: [string, { pid: number; startTicks?: string }, boolean][] = [
      ['same start', currentProcessIdentity(), true],
      ['other start', { pid: process.pid, startTicks: '1' }, false],
      ['pid 0', { pid: 0 }, false],
      ['negative pid', { pid: -1 }, false],
    ];
    for (const [label, id, want] of cases) assert.equal(isProcessAlive(id), want, label);
  });
});

describe('zombies', () => {
  it('counts an exited but unreaped child as gone', { skip: !hasProc && 'no /proc' }, async () => {
    // The grandchild exits at once; its parent sleeps without reaping it.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        "const c = require('child_process').spawn('true', { stdio: 'ignore' }); console.log(c.pid); require('child_process').execSync('sleep 5');",
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    const deadline = Date.now() + 3000;
    while (processStartTicks(pid) !== undefined && !/\) Z /.test(readProcStat(pid)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.match(readProcStat(pid), /\) Z /, 'the child is a zombie');
    assert.equal(isProcessAlive({ pid }), false);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
  });
});

function readProcStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}
