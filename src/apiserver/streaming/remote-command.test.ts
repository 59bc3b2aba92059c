import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status-error.js';
import type { TerminalSize } from './backend.js';
import { exitStatus, ResizeFeed, remoteCommandOptions, statusBytes, successStatus } from './remote-command.js';
import { decodeChannelMessage, encodeChannelMessage } from './ws-channels.js';

const options: [string, ReturnType<typeof remoteCommandOptions> | 'error'][] = [
  ['stdout=true&stderr=true', { stdin: false, stdout: true, stderr: true, tty: false }],
  ['stdin=1&stdout=1&stderr=1&tty=1', { stdin: true, stdout: true, stderr: false, tty: true }],
  ['stdin=true', { stdin: true, stdout: false, stderr: false, tty: false }],
  ['tty=true', 'error'],
  ['', 'error'],
];
for (const [query, want] of options) {
  test(`options from "${query}"`, () => {
    const q = new URLSearchParams(query);
    if (want === 'error') assert.throws(() => remoteCommandOptions(q), StatusError);
    else assert.deepEqual(remoteCommandOptions(q), want);
  });
}

test('status bytes: JSON from v4 on; older protocols send only a failure message', () => {
  const failed = exitStatus(3, ['sh', '-c', 'exit 3']);
  assert.deepEqual(JSON.parse(statusBytes(failed, true).toString()), {
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  });
  assert.equal(statusBytes(failed, false).toString(), failed.message);
  assert.equal(statusBytes(successStatus(), false).length, 0);
  assert.equal(statusBytes(successStatus(), true).toString(), '{"metadata":{},"status":"Success"}');
});

test('resize feed: objects split anywhere, the last size replayed to late listeners, junk ignored', () => {
  const feed = new ResizeFeed();
  const seen: TerminalSize[] = [];
  feed.push(Buffer.from('{"Width":80,"Hei'));
  feed.push(Buffer.from('ght":24}{"nope":1}{"Width":100,"Height":40}'));
  feed.onResize((s) => seen.push(s));
  feed.push(Buffer.from('{"Width":120,"Height":50}'));
  assert.deepEqual(seen, [
    { width: 100, height: 40 },
    { width: 120, height: 50 },
  ]);
});

test('channel messages: binary with a channel byte, base64 with a channel digit', () => {
  const data = Buffer.from([0, 1, 2, 250]);
  const binary = encodeChannelMessage('binary', 2, data);
  assert.deepEqual(binary, Buffer.from([2, 0, 1, 2, 250]));
  assert.deepEqual(decodeChannelMessage('binary', binary as Buffer), { channel: 2, data });
  const text = encodeChannelMessage('base64', 1, data);
  assert.equal(text, `1${data.toString('base64')}`);
  assert.deepEqual(decodeChannelMessage('base64', Buffer.from(text as string)), { channel: 1, data });
  assert.equal(decodeChannelMessage('binary', Buffer.alloc(0)), undefined);
});
