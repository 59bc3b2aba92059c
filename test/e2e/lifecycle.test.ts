/**
 * The `kubeling` command end to end: real processes, real clusters on free ports, HOME and KUBELING_HOME in a
 * temporary folder. Runs the built CLI (bin/kubeling.js) when dist is newer than src, else src through tsx.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cliCommand } from './cli-command.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface StatusEntry {
  name: string;
  state: 'running' | 'stopped';
  url: string | null;
  pid: number | null;
  dataDir: string;
}

interface KubeconfigDoc {
  'current-context'?: string;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  contexts: { name: string }[];
  users: { name: string; user: { token: string } }[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** An HTTPS request to the API trusting only `ca`; resolves with status and body. */
function api(
  url: string,
  ca: string,
  token: string,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        method,
        ca,
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('kubeling cluster lifecycle', { timeout: 300_000 }, () => {
  const command = cliCommand();
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  const started = new Set<number>();

  const kubeling = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const [file, ...prefix] = command;
      execFile(file!, [...prefix, ...args], { cwd: root, env, timeout: 120_000 }, (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      });
    });

  const status = async (): Promise<StatusEntry[]> => {
    const run = await kubeling('status', '-o', 'json');
    assert.equal(run.code, 0, run.stderr);
    const entries = JSON.parse(run.stdout) as StatusEntry[];
    for (const e of entries) if (e.pid !== null) started.add(e.pid);
    return entries;
  };
  const entry = async (name: string): Promise<StatusEntry> => {
    const found = (await status()).find((e) => e.name === name);
    assert.ok(found, `cluster ${name} listed`);
    return found;
  };
  const readKubeconfig = async (path: string): Promise<KubeconfigDoc> => parse(await readFile(path, 'utf8'));
  const access = (doc: KubeconfigDoc, name: string): { url: string; ca: string; token: string } => {
    const cluster = doc.clusters.find((c) => c.name === name)?.cluster;
    const user = doc.users.find((u) => u.name === name)?.user;
    assert.ok(cluster && user, `kubeconfig has ${name}`);
    return {
      url: cluster.server,
      ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
      token: user.token,
    };
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubeling-e2e-'));
    const { KUBECONFIG: _, ...rest } = process.env;
    env = { ...rest, HOME: join(root, 'home'), KUBELING_HOME: join(root, 'kubeling') };
    await mkdir(join(root, 'home', '.kube'), { recursive: true });
    await writeFile(
      join(root, 'home', '.kube', 'config'),
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://prod.example:443\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: prod\n  name: prod\ncurrent-context: prod\nusers:\n- name: prod\n  user:\n    token: prod-token\n',
    );
  });

  after(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (root) await rm(root, { recursive: true, force: true });
  });

  const standalone = (): string => join(root, 'one.kubeconfig');

  it('starts a cluster in the background that answers /readyz with the kubeconfig credentials', async () => {
    const run = await kubeling('up', '--detach', '--port', '0', '--kubeconfig', standalone());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cluster "kubeling" is running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+/);

    const one = await entry('kubeling');
    assert.equal(one.state, 'running');
    assert.ok(one.pid !== null && alive(one.pid));
    assert.equal(one.dataDir, join(root, 'kubeling', 'kubeling'));

    const table = await kubeling('status');
    assert.match(
      table.stdout,
      new RegExp(
        `^kubeling\\s+running\\s+${one.url}\\s+http://127\\.0\\.0\\.1:\\d+\\s+\\d+\\s+\\d+Mi\\s+${one.pid}\\s`,
        'm',
      ),
    );

    const doc = await readKubeconfig(standalone());
    assert.equal(doc['current-context'], 'kubeling-kubeling');
    const creds = access(doc, 'kubeling-kubeling');
    assert.equal(creds.url, one.url);
    const ready = await api(creds.url, creds.ca, creds.token, '/readyz');
    assert.equal(ready.status, 200);
    assert.equal((await stat(standalone())).mode & 0o777, 0o600);
  });

  it('says so when asked to start a running cluster', async () => {
    const run = await kubeling('up', '--detach', '--port', '0', '--kubeconfig', standalone());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cluster "kubeling" is already running/);
  });

  it('runs a second cluster side by side, merged into ~/.kube/config next to an existing context', async () => {
    const run = await kubeling('up', '--name', 'two', '--detach', '--port', '0');
    assert.equal(run.code, 0, run.stderr);
    const [one, two] = [await entry('kubeling'), await entry('two')];
    assert.equal(one.state, 'running');
    assert.equal(two.state, 'running');
    assert.notEqual(one.url, two.url);

    const userConfig = join(root, 'home', '.kube', 'config');
    const doc = await readKubeconfig(userConfig);
    assert.equal(doc['current-context'], 'kubeling-two');
    assert.deepEqual(doc.contexts.map((c) => c.name).sort(), ['kubeling-two', 'prod']);
    assert.equal(doc.users.find((u) => u.name === 'prod')?.user.token, 'prod-token');
    assert.equal(doc.clusters.find((c) => c.name === 'prod')?.cluster.server, 'https://prod.example:443');
    assert.equal((await stat(userConfig)).mode & 0o777, 0o600);
    const creds = access(doc, 'kubeling-two');
    assert.equal((await api(creds.url, creds.ca, creds.token, '/readyz')).status, 200);
  });

  it('stops a cluster with down, keeping its data, and starts it again with the same data', async () => {
    const creds = access(await readKubeconfig(standalone()), 'kubeling-kubeling');
    const created = await api(creds.url, creds.ca, creds.token, '/api/v1/namespaces', 'POST', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kept' },
    });
    assert.equal(created.status, 201, created.body);

    const { pid } = await entry('kubeling');
    const down = await kubeling('down');
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /stopped cluster "kubeling"/);
    assert.ok(pid !== null && !alive(pid), 'process gone');
    const stopped = await entry('kubeling');
    assert.deepEqual([stopped.state, stopped.pid], ['stopped', null]);
    assert.ok(existsSync(join(stopped.dataDir, 'cluster.json')), 'state kept');
    assert.match((await kubeling('down')).stdout, /cluster "kubeling" is not running/);

    const again = await kubeling('up', '--detach', '--kubeconfig', standalone());
    assert.equal(again.code, 0, again.stderr);
    const restarted = access(await readKubeconfig(standalone()), 'kubeling-kubeling');
    assert.equal(restarted.ca, creds.ca, 'same CA');
    assert.equal(restarted.token, creds.token, 'same token');
    const kept = await api(restarted.url, restarted.ca, restarted.token, '/api/v1/namespaces/kept');
    assert.equal(kept.status, 200, kept.body);
  });

  it('deletes clusters: data dir and kubeconfig entries gone, other contexts kept', async () => {
    const one = await entry('kubeling');
    const two = await entry('two');
    const first = await kubeling('delete');
    assert.equal(first.code, 0, first.stderr);
    assert.ok(!existsSync(one.dataDir), 'data dir removed');
    assert.ok(one.pid !== null && !alive(one.pid), 'process gone');
    assert.deepEqual((await readKubeconfig(standalone())).contexts, []);

    const second = await kubeling('delete', '--name', 'two');
    assert.equal(second.code, 0, second.stderr);
    assert.ok(!existsSync(two.dataDir));
    const doc = await readKubeconfig(join(root, 'home', '.kube', 'config'));
    assert.deepEqual(
      doc.contexts.map((c) => c.name),
      ['prod'],
    );
    assert.equal(doc['current-context'], '');
    assert.deepEqual(await status(), []);
  });
});
