/**
 * Child process for sqlite-crash.test.ts: writes to the store as fast as it can and, after each write is
 * acknowledged, prints one line on stdout (synchronously, so a printed line was acknowledged before it left):
 *   put <key> <modRevision> <value>      (create or update)
 *   del <key> <revision>                 (delete)
 * Usage: sqlite-crash-writer.ts <db path> <round tag>
 */
import { writeSync } from 'node:fs';
import { SqliteStore } from '../sqlite-store.js';

const [path, tag] = process.argv.slice(2);
if (!path || !tag) throw new Error('usage: sqlite-crash-writer.ts <db path> <tag>');

// A small window, so compaction runs many times during the burst too.
const store = SqliteStore.open(path, { historyWindow: 50 });
const print = (line: string) => writeSync(1, `${line}\n`);

let counter = await store.get('/crash/counter');
if (!counter) {
  counter = await store.create('/crash/counter', '0');
  print(`put ${counter.key} ${counter.modRevision} ${counter.value}`);
}
for (let i = 0; i < 200_000; i++) {
  const created = await store.create(`/crash/${tag}/${i}`, `${tag}-${i}`);
  print(`put ${created.key} ${created.modRevision} ${created.value}`);
  counter = await store.update('/crash/counter', `${tag}-${i}`, counter.modRevision);
  print(`put ${counter.key} ${counter.modRevision} ${counter.value}`);
  if (i % 3 === 2) {
    const victim = `/crash/${tag}/${i - 2}`;
    await store.delete(victim);
    print(`del ${victim} ${created.modRevision + 2}`);
  }
}
await store.close();
