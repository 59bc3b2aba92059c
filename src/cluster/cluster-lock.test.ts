import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireClusterLock, LOCK_FILE } from './cluster-lock.js';
import { processStartTicks } from './process-identity.js';

describe('acquireClusterLock', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-lock-'));
  after(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  const dir = async (): Promise<string> => mkdtemp(join(root, `d${n++}-`));

  it('takes a free lock and releases it', async () => {
    const d = await dir();
    const lock = await acquireClusterLock(d);
    assert.equal(lock.acquired, true);
    assert.equal(JSON.parse(await readFile(join(d, LOCK_FILE), 'utf8')).pid, process.pid);
    if (lock.acquired) await lock.release();
    await assert.rejects(access(join(d, LOCK_FILE)));
  });

  it('reports a live owner and takes over from a dead one', async () => {
    const d = await dir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const owner = { pid: child.pid!, startTicks: processStartTicks(child.pid!) };
    await writeFile(join(d, LOCK_FILE), JSON.stringify(owner));
    const held = await acquireClusterLock(d);
    assert.equal(held.acquired, false);
    if (!held.acquired) assert.equal(held.owner.pid, child.pid);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const taken = await acquireClusterLock(d);
    assert.equal(taken.acquired, true);
    if (taken.acquired) await taken.release();
  });

  it('takes over a lock file that holds garbage', async () => {
    const d = await dir();
    await writeFile(join(d, LOCK_FILE), 'not json');
    const lock = await acquireClusterLock(d);
    assert.equal(lock.acquired, true);
    if (lock.acquired) await lock.release();
  });
});
