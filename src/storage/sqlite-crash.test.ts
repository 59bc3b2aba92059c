import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const writer = fileURLToPath(new URL('./testdata/sqlite-crash-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubeling-sqlite-crash-'));
const path = join(dir, 'state.db');
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Ack {
  op: 'put' | 'del';
  key: string;
  revision: number;
  value: string | undefined;
}

/** Runs the writer until it has acknowledged `count` writes, SIGKILLs it, and returns every acknowledged write. */
async function writeUntilKilled(tag: string, count: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, path, tag], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acks: Ack[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  for await (const line of createInterface({ input: child.stdout! })) {
    const [op, key, revision, value] = line.split(' ');
    acks.push({ op: op as Ack['op'], key: key!, revision: Number(revision), value });
    if (acks.length === count) child.kill('SIGKILL');
  }
  clearTimeout(timer);
  const signal = await exited;
  children.delete(child);
  assert.equal(signal, 'SIGKILL', `writer was not killed mid-burst (stderr: ${stderr})`);
  assert.ok(acks.length >= count, `only ${acks.length} writes acknowledged (stderr: ${stderr})`);
  return acks;
}

it('keeps every acknowledged write across SIGKILL, and revisions continue', { timeout: 120_000 }, async () => {
  /** The expected state: key -> [modRevision, value]. */
  let model = new Map<string, [number, string]>();
  let revision = 0;
  for (const tag of ['r1', 'r2', 'r3']) {
    const acks = await writeUntilKilled(tag, 1500);
    for (const ack of acks) {
      assert.equal(ack.revision, revision + 1, `acknowledged revisions are consecutive (${ack.op} ${ack.key})`);
      revision = ack.revision;
      if (ack.op === 'put') model.set(ack.key, [ack.revision, ack.value!]);
      else model.delete(ack.key);
    }

    const store = SqliteStore.open(path);
    try {
      const current = await store.currentRevision();
      // At most the one write in flight at the kill may have committed without being acknowledged.
      assert.ok(current === revision || current === revision + 1, `current ${current}, last acknowledged ${revision}`);
      const atAck = await store.list('/crash/', { revision });
      assert.deepEqual(
        atAck.items.map((kv) => [kv.key, kv.modRevision, kv.value]),
        [...model].map(([key, [rev, value]]) => [key, rev, value]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
        'the state at the last acknowledged revision is exactly what was acknowledged',
      );
      const next = await store.create(`/crash/after-${tag}`, 'x');
      assert.equal(next.modRevision, current + 1, 'the revision continues after the crash');
      // Carry the real state (including an unacknowledged last write) into the next round.
      revision = next.modRevision;
      model = new Map((await store.list('/crash/')).items.map((kv) => [kv.key, [kv.modRevision, kv.value]]));
    } finally {
      await store.close();
    }
    const db = new Database(path);
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  }
});
