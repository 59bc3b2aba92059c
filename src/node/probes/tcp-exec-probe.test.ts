import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import type { ProbeTarget } from '../node-types.js';
import { goDialError, goDialTimeout, goQuote, joinHostPort } from './go-net-errors.js';
import { ProbeError } from './probe-error.js';
import { runProbe } from './probe-runner.js';
import { closedPort } from './probe-test-helpers.js';

type ExecImpl = ProbeTarget['exec'];

const target = (exec: ExecImpl, namedPorts: Record<string, number> = {}): ProbeTarget => ({
  podIP: '127.0.0.1',
  namedPorts: new Map(Object.entries(namedPorts)),
  exec,
});

const noExec: ExecImpl = () => Promise.reject(new Error('no exec'));

test('tcpSocket: an open port succeeds (also by name), a closed one is refused', async () => {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    assert.deepEqual(await runProbe({ tcpSocket: { port } }, target(noExec)), { success: true, message: '' });
    assert.deepEqual(await runProbe({ tcpSocket: { port: 'db' } }, target(noExec, { db: port })), {
      success: true,
      message: '',
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const closed = await closedPort();
  assert.deepEqual(await runProbe({ tcpSocket: { port: closed } }, target(noExec)), {
    success: false,
    message: `dial tcp 127.0.0.1:${closed}: connect: connection refused`,
  });
});

test('exec: exit code decides, output is the failure message, timeouts use the CRI wording', async (t) => {
  const cases: { name: string; exec: ExecImpl; success: boolean; message: string }[] = [
    { name: 'exit 0 succeeds', exec: async () => ({ exitCode: 0, output: 'ok\n' }), success: true, message: '' },
    {
      name: 'non-zero exit fails with the output',
      exec: async () => ({ exitCode: 1, output: "cat: can't open '/tmp/healthy': No such file or directory\n" }),
      success: false,
      message: "cat: can't open '/tmp/healthy': No such file or directory\n",
    },
    {
      name: 'output is cut at 10 KiB',
      exec: async () => ({ exitCode: 2, output: 'y'.repeat(20000) }),
      success: false,
      message: 'y'.repeat(10240),
    },
    {
      name: 'no answer within timeoutSeconds times out',
      exec: () => new Promise(() => {}),
      success: false,
      message: 'command "cat /tmp/x" timed out',
    },
    {
      name: 'a target reporting its own timeout times out',
      exec: () => Promise.reject(Object.assign(new Error('deadline'), { name: 'TimeoutError' })),
      success: false,
      message: 'command "cat /tmp/x" timed out',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const calls: { command: string[]; timeoutMs: number }[] = [];
      const exec: ExecImpl = (command, timeoutMs) => {
        calls.push({ command, timeoutMs });
        return c.exec(command, timeoutMs);
      };
      const outcome = await runProbe({ exec: { command: ['cat', '/tmp/x'] }, timeoutSeconds: 1 }, target(exec));
      assert.deepEqual(outcome, { success: c.success, message: c.message });
      assert.deepEqual(calls, [{ command: ['cat', '/tmp/x'], timeoutMs: 1000 }]);
    });
  }
});

test('exec: a command that cannot run is an errored probe', async () => {
  const exec: ExecImpl = () => Promise.reject(new Error('container not running'));
  await assert.rejects(runProbe({ exec: { command: ['true'] } }, target(exec)), (error: unknown) => {
    assert.ok(error instanceof ProbeError);
    assert.equal(error.message, 'container not running');
    assert.equal(error.state, 'unknown');
    return true;
  });
  await assert.rejects(runProbe({}, target(noExec)), /missing probe handler/);
});

test('Go error wording helpers', () => {
  assert.equal(joinHostPort('::1', 80), '[::1]:80');
  assert.equal(goQuote('a "b"\\\n\x01é'), '"a \\"b\\"\\\\\\n\\x01é"');
  assert.equal(goDialTimeout('10.0.0.1', 8080), 'dial tcp 10.0.0.1:8080: i/o timeout');
  const error = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(goDialError(error('EHOSTUNREACH'), '10.0.0.1', 80), 'dial tcp 10.0.0.1:80: connect: no route to host');
  assert.equal(goDialError(error('ENOTFOUND'), 'web', 80), 'dial tcp: lookup web: no such host');
});
