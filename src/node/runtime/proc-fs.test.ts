import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GroupScanner, isSameProcessAlive, readProcStat, readRssBytes } from './proc-fs.js';

test('reads group, session and start time, even when the command name has spaces and parentheses', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-procfs-'));
  const odd = join(dir, 'we ird) (x');
  copyFileSync('/bin/sleep', odd);
  const child = spawn(odd, ['1000'], { detached: true, stdio: 'ignore' });
  t.after(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  await new Promise((r) => child.once('spawn', r));
  const pid = child.pid ?? 0;
  const st = readProcStat(pid);
  assert.ok(st);
  assert.deepEqual([st.pgrp, st.session, st.ppid], [pid, pid, process.pid]);
  assert.ok(st.startTime > 0);
  assert.ok(isSameProcessAlive(pid, st.startTime));
  assert.ok(!isSameProcessAlive(pid, st.startTime + 1), 'another start time is another process');
  const rss = readRssBytes(pid) ?? 0;
  const vmRss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1]) * 1024;
  assert.ok(rss > 0 && Math.abs(rss - vmRss) <= 64 * 1024, `statm ${rss} matches VmRSS ${vmRss}`);

  const scanner = new GroupScanner(2);
  for (let i = 0; i < 3; i++) assert.deepEqual(scanner.members(new Set([pid])).get(pid), [pid]);
  assert.ok(scanner.groupRss(pid) > 0);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(readProcStat(pid), undefined);
  assert.equal(scanner.members(new Set([pid]), true).get(pid), undefined);
  assert.equal(scanner.groupRss(pid), 0);
});
