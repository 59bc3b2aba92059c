import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { parseCriRecord } from './cri-log-format.js';
import { CriLogWriter, rotatedFiles } from './cri-log-writer.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeling-logwriter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function records(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => {
      const r = parseCriRecord(Buffer.from(l));
      assert.ok(r, l);
      return `${r.stream} ${r.partial ? 'P' : 'F'} ${r.content.toString()}`;
    });
}

test('lines become F records; long lines are cut into P records; an unterminated end is P', (t) => {
  const path = join(tempDir(t), '0.log');
  const w = new CriLogWriter(path, { maxBytes: 1 << 20, maxFiles: 2 }, 8);
  w.write('stdout', Buffer.from('one\ntw'));
  w.write('stderr', Buffer.from('err\r\n'));
  w.write('stdout', Buffer.from('o\n\n0123456789abcdefXYZ\n'));
  w.write('stdout', Buffer.from('0123456'));
  w.write('stdout', Buffer.from('789tail'));
  w.close();
  assert.deepEqual(records(path), [
    'stdout F one',
    'stderr F err',
    'stdout F two',
    'stdout F ',
    'stdout P 01234567',
    'stdout P 89abcdef',
    'stdout F XYZ',
    'stdout P 01234567',
    'stdout P 89tail',
  ]);
});

test('rotation keeps the file under maxBytes and maxFiles files in all', (t) => {
  const dir = tempDir(t);
  const path = join(dir, '0.log');
  const w = new CriLogWriter(path, { maxBytes: 1000, maxFiles: 3 });
  const line = `${'x'.repeat(60)}\n`;
  for (let i = 0; i < 100; i++) w.write('stdout', Buffer.from(`${i} ${line}`));
  w.close();
  const rotated = rotatedFiles(path);
  assert.equal(rotated.length, 2, 'two rotated files besides the current one');
  for (const f of [...rotated, path]) assert.ok(statSync(f).size <= 1000, `${basename(f)} is small`);
  assert.match(basename(rotated[0] ?? ''), /^0\.log\.\d{8}-\d{6}(\.\d+)?$/);
  const last = records(path).at(-1);
  assert.equal(last, `stdout F 99 ${'x'.repeat(60)}`);
  // Records are whole: every file parses, and together the kept files end with the last lines in order.
  const all = [...rotated, path].flatMap(records).map((r) => Number(r.split(' ')[2]));
  assert.deepEqual(
    all,
    all.map((_, i) => 100 - all.length + i),
  );

  // Appending to an existing file continues it (a writer reopened after a restart of the runtime).
  const again = new CriLogWriter(path, { maxBytes: 1 << 20, maxFiles: 3 });
  again.write('stdout', Buffer.from('more\n'));
  again.close();
  assert.equal(records(path).at(-1), 'stdout F more');
});
