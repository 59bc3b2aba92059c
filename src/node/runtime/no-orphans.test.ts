import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPidRecords } from './pid-records.js';
import { listPids, readProcStat } from './proc-fs.js';
import { createProcessRuntime } from './process-runtime.js';

const fixture = join(import.meta.dirname, 'testdata', 'runtime-child.ts');

/** Live (non-zombie) processes of the given groups. */
function groupMembers(pgids: number[]): number[] {
  return listPids().filter((pid) => {
    const st = readProcStat(pid);
    return st !== undefined && st.state !== 'Z' && pgids.includes(st.pgrp);
  });
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

test('no container survives kubeling killed with SIGKILL', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-orphans-'));
  const stateDir = join(dir, 'state');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, stateDir, join(dir, 'logs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.once('exit', () => reject(new Error(`fixture exited early: ${out}`)));
  });
  const leaders = JSON.parse(line) as number[];
  assert.equal(leaders.length, 3);
  assert.equal(readdirSync(stateDir).length, 3, 'one record per container');
  // Wait for the tree container's grandchild to exist.
  assert.ok(await waitFor(() => groupMembers(leaders).length >= 3 + 3 + 1, 5000), 'containers and watchers run');
  const before = groupMembers(leaders);
  t.after(() => {
    for (const pid of groupMembers(leaders)) process.kill(pid, 'SIGKILL');
  });

  child.kill('SIGKILL');
  const gone = await waitFor(() => groupMembers(leaders).length === 0, 5000);
  assert.ok(gone, `processes survived: ${groupMembers(leaders).join(' ')} of ${before.join(' ')}`);

  // The records of the dead owner are still there; a new runtime finds nothing left to kill and clears them.
  assert.equal(readPidRecords(stateDir).length, 3);
  const runtime = createProcessRuntime({ stateDir });
  assert.deepEqual(runtime.leftoversKilled, []);
  assert.equal(readPidRecords(stateDir).length, 0);
  await runtime.shutdown();
});
