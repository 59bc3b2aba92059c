import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { StatusError } from '../../api/status-error.js';
import type { LogOptions } from '../node-types.js';
import { encodeCriRecord, type LogStream } from './cri-log-format.js';
import { CriLogWriter } from './cri-log-writer.js';
import { createLogStore, type PodLogRef } from './log-store.js';

const pod: PodLogRef = { namespace: 'dev', name: 'web-1', uid: '1234-abcd' };
const t0 = BigInt(Date.parse('2026-11-26T09:00:00Z')) * 1_000_000n;
const second = 1_000_000_000n;

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function setup(t: { after: (fn: () => void) => void }, now = new Date('2026-11-26T09:00:10Z')) {
  const rootDir = mkdtempSync(join(tmpdir(), 'kubeling-logs-'));
  t.after(() => rmSync(rootDir, { recursive: true, force: true }));
  const store = createLogStore({ rootDir, now: () => now });
  const read = async (restartCount: number, options: Partial<LogOptions>, signal = new AbortController().signal) => {
    const out = new Collector();
    await store.read(pod, restartCount, { container: 'app', ...options }, out, signal);
    return out.text;
  };
  return { rootDir, store, read };
}

/** Writes records at t0 + i seconds into run `run` of container `app`. */
function writeRecords(
  store: ReturnType<typeof createLogStore>,
  run: number,
  records: [number, LogStream, boolean, string][],
): void {
  const path = store.startRun(pod, 'app', run);
  store.finishRun(pod, 'app', run);
  for (const [s, stream, partial, text] of records) {
    appendFileSync(path, encodeCriRecord(t0 + BigInt(s) * second, stream, partial, Buffer.from(text)));
  }
}

test('paths follow the kubelet layout; pods are listed and removed', async (t) => {
  const { store, rootDir } = setup(t);
  assert.equal(store.pathFor(pod, 'app', 3), join(rootDir, 'dev_web-1_1234-abcd', 'app', '3.log'));
  const path = store.startRun(pod, 'app', 0);
  assert.ok(existsSync(path), 'startRun creates the file');
  assert.ok(store.isRunning(pod, 'app', 0));
  store.finishRun(pod, 'app', 0);
  assert.ok(!store.isRunning(pod, 'app', 0));
  assert.deepEqual(store.listPods(), [pod]);
  // Starting run 3 keeps runs 2 and 3 only.
  for (const run of [1, 2]) {
    store.startRun(pod, 'app', run);
    store.finishRun(pod, 'app', run);
  }
  appendFileSync(`${store.pathFor(pod, 'app', 1)}.20261126-090000`, 'rotated\n');
  store.startRun(pod, 'app', 3);
  assert.deepEqual(readdirSync(join(store.podDir(pod), 'app')).sort(), ['2.log', '3.log']);
  await store.removePod(pod);
  assert.deepEqual(store.listPods(), []);
  assert.ok(!existsSync(store.podDir(pod)));
});

test('reads: the CRI prefix stripped, partial records joined, every option as the kubelet applies it', async (t) => {
  const { store, read } = setup(t);
  writeRecords(store, 0, [
    [0, 'stdout', false, 'line 0'],
    [1, 'stderr', false, 'line 1'],
    [2, 'stdout', true, 'long '],
    [2, 'stdout', false, 'line 2'],
    [3, 'stdout', false, 'line 3'],
    [4, 'stdout', false, 'line 4'],
  ]);
  appendFileSync(store.pathFor(pod, 'app', 0), 'not a CRI line\n');
  const all = 'line 0\nline 1\nlong line 2\nline 3\nline 4\n';
  const cases: [string, Partial<LogOptions>, string][] = [
    ['everything', {}, all],
    ['tailLines counts records', { tailLines: 2 }, 'line 4\n'], // the unparsable last line is one of them
    ['tailLines 3', { tailLines: 3 }, 'line 3\nline 4\n'],
    ['tailLines 0', { tailLines: 0 }, ''],
    ['tailLines beyond the file', { tailLines: 100 }, all],
    ['sinceTime', { sinceTime: '2026-11-26T09:00:03Z' }, 'line 3\nline 4\n'],
    ['sinceSeconds (now is t0+10s)', { sinceSeconds: 8 }, 'long line 2\nline 3\nline 4\n'],
    ['the later of both wins', { sinceSeconds: 9, sinceTime: '2026-11-26T09:00:04Z' }, 'line 4\n'],
    ['limitBytes cuts mid-line', { limitBytes: 10 }, 'line 0\nlin'],
    ['limitBytes with tail', { tailLines: 3, limitBytes: 7 }, 'line 3\n'],
    [
      'timestamps (RFC3339NanoFixed)',
      { tailLines: 3, timestamps: true },
      '2026-11-26T09:00:03.000000000Z line 3\n2026-11-26T09:00:04.000000000Z line 4\n',
    ],
    [
      'timestamps on each part of a long line',
      { sinceTime: '2026-11-26T09:00:02Z', limitBytes: 80, timestamps: true },
      '2026-11-26T09:00:02.000000000Z long 2026-11-26T09:00:02.000000000Z line 2\n2026-1',
    ],
  ];
  for (const [name, options, expected] of cases) assert.equal(await read(0, options), expected, name);
});

test('previous reads the run before; missing runs give the kubelet errors', async (t) => {
  const { store, read } = setup(t);
  writeRecords(store, 0, [[0, 'stdout', false, 'first run']]);
  writeRecords(store, 1, [[5, 'stdout', false, 'second run']]);
  assert.equal(await read(1, {}), 'second run\n');
  assert.equal(await read(1, { previous: true }), 'first run\n');
  const failures: [number, Partial<LogOptions>, string][] = [
    [0, { previous: true }, 'previous terminated container "app" in pod "web-1" not found'],
    [2, {}, 'container "app" in pod "web-1" is waiting to start - no logs yet'],
    [1, { container: 'other', previous: true }, 'previous terminated container "other" in pod "web-1" not found'],
  ];
  for (const [run, options, message] of failures) {
    await assert.rejects(read(run, options), (err: StatusError) => {
      assert.deepEqual([err.code, err.reason, err.message], [400, 'BadRequest', message]);
      return true;
    });
  }
});

/** Polls until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('follow streams appended lines and ends when the run is finished', async (t) => {
  const { store } = setup(t);
  const path = store.startRun(pod, 'app', 0);
  const writer = new CriLogWriter(path);
  writer.write('stdout', Buffer.from('old 1\nold 2\n'));
  const out = new Collector();
  let ended = false;
  const done = store
    .read(pod, 0, { container: 'app', follow: true, tailLines: 1 }, out, new AbortController().signal)
    .then(() => {
      ended = true;
    });
  await until(() => out.text === 'old 2\n', 'the tail');
  writer.write('stdout', Buffer.from('new 1\n'));
  await until(() => out.text === 'old 2\nnew 1\n', 'a new line');
  writer.write('stderr', Buffer.from('new 2\nnew'));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(ended, false, 'still following');
  writer.close(); // flushes `new` as a partial record
  store.finishRun(pod, 'app', 0);
  await done;
  assert.equal(out.text, 'old 2\nnew 1\nnew 2\nnew');
});

test('follow ends when aborted, and when the pod is removed', async (t) => {
  const { store } = setup(t);
  store.startRun(pod, 'app', 0);
  const ac = new AbortController();
  const first = store.read(pod, 0, { container: 'app', follow: true }, new Collector(), ac.signal);
  setTimeout(() => ac.abort(), 50);
  await first;
  const second = store.read(pod, 0, { container: 'app', follow: true }, new Collector(), new AbortController().signal);
  setTimeout(() => void store.removePod(pod), 50);
  await second;
});

test('follow goes on across a rotation without losing or repeating lines', async (t) => {
  const { store } = setup(t);
  const path = store.startRun(pod, 'app', 0);
  const writer = new CriLogWriter(path, { maxBytes: 400, maxFiles: 20 });
  const out = new Collector();
  const done = store.read(pod, 0, { container: 'app', follow: true }, out, new AbortController().signal);
  const expected: string[] = [];
  for (let i = 0; i < 60; i++) {
    writer.write('stdout', Buffer.from(`line ${i}\n`));
    expected.push(`line ${i}`);
    if (i % 7 === 0) await new Promise((r) => setTimeout(r, 5));
  }
  await until(() => out.text.split('\n').length > 60, 'all lines');
  writer.close();
  store.finishRun(pod, 'app', 0);
  await done;
  assert.equal(out.text, `${expected.join('\n')}\n`);
});

test('a finished run is read to its end without waiting', async (t) => {
  const { store, read } = setup(t);
  writeRecords(store, 0, [[0, 'stdout', false, 'done']]);
  assert.equal(await read(0, { follow: true }), 'done\n');
});
