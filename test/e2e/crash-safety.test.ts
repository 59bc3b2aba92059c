/**
 * Crash safety: SIGKILL the cluster process in the middle of a burst of writes, start it again on the same data
 * dir, and find every write the API acknowledged.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { cliCommand } from './cli-command.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeling-crash-'));
const dataDir = join(dir, 'data');
const kubeconfig = join(dir, 'kubeconfig');
const started: ChildProcess[] = [];

after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Access {
  server: string;
  ca: string;
  token: string;
}

function readAccess(): Access {
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  return {
    server: doc.clusters[0]!.cluster.server,
    ca: Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString(),
    token: doc.users[0]!.user.token,
  };
}

async function call(
  access: Access,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, access.server), {
      method,
      ca: access.ca,
      agent: false,
      headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const json = res.headers['content-type']?.startsWith('application/json') ? JSON.parse(text) : text;
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function up(): ChildProcess {
  const [cmd, ...args] = cliCommand();
  const child = spawn(
    cmd!,
    [...args, 'up', '--name', 'crash', '--port', '0', '--data-dir', dataDir, '--kubeconfig', kubeconfig],
    {
      env: { ...process.env, HOME: dir, KUBELING_HOME: join(dir, 'home') },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  started.push(child);
  return child;
}

async function ready(child: ChildProcess): Promise<Access> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    assert.equal(child.exitCode, null, 'kubeling up exited early');
    try {
      const access = readAccess();
      if ((await call(access, 'GET', '/readyz')).status === 200) return access;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) assert.fail('cluster did not become ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('every acknowledged write survives a SIGKILL of the cluster', async () => {
  const first = up();
  const access = await ready(first);
  const acknowledged: string[] = [];
  let stop = false;
  let sequence = 0;
  const writer = async () => {
    while (!stop) {
      const name = `burst-${sequence++}`;
      try {
        const r = await call(access, 'POST', '/api/v1/namespaces/default/configmaps', {
          metadata: { name },
          data: { n: name },
        });
        if (r.status === 201) acknowledged.push(name);
      } catch {
        return; // the server died under this request: not acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
  const exited = new Promise((r) => first.once('exit', r));
  first.kill('SIGKILL');
  await exited;
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length >= 300);

  const second = up();
  const again = await ready(second);
  const list = (await call(again, 'GET', '/api/v1/namespaces/default/configmaps')).json as {
    items: { metadata: { name: string }; data: { n: string } }[];
  };
  const present = new Map(list.items.map((c) => [c.metadata.name, c.data.n]));
  const missing = acknowledged.filter((n) => present.get(n) !== n);
  assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged writes were lost`);
  const exit = new Promise((r) => second.once('exit', r));
  second.kill('SIGTERM');
  await exit;
});
