/**
 * `npm start` and the lab, end to end without a terminal: `kubeling start` reaches "ready", prints the addresses and
 * the three pods; `kubeling lab services --yes` (in English and in Dutch) exits 0 with every observation held;
 * SIGINT leaves no process behind.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliCommand } from './cli-command.js';

const home = mkdtempSync(join(tmpdir(), 'kubeling-start-'));
const env = { ...process.env, HOME: home, KUBELING_HOME: join(home, 'kubeling'), CI: '1' };
let start: ChildProcess;
let output = '';

function run(args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  const [cmd, ...rest] = cliCommand();
  return new Promise((resolve) => {
    const child = spawn(cmd ?? 'node', [...rest, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

/** Pids of the processes whose command line mentions this test's HOME (pod processes carry it in their env). */
function processesOf(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // gone or not ours to read
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

before(async () => {
  const [cmd, ...rest] = cliCommand();
  start = spawn(cmd ?? 'node', [...rest, 'start', '--name', 'lab'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  start.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  start.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 120_000;
  while (!output.includes('The seed scenario runs')) {
    if (start.exitCode !== null) assert.fail(`kubeling start exited:\n${output}`);
    if (Date.now() > deadline) assert.fail(`kubeling start did not get ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
});

after(() => {
  if (start && start.exitCode === null) start.kill('SIGKILL');
  for (const pid of processesOf(home)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(home, { recursive: true, force: true });
});

test('kubeling start prints where everything is and the three pods', () => {
  assert.match(output, /cluster "lab" is ready at https:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /Service hello-service: ClusterIP 127\.96\.\d+\.\d+, port 80/);
  assert.match(output, /Ingress: http:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /Dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  assert.match(output, /kubectl context: kubeling-lab/);
  assert.equal((output.match(/^hello-\S+\s+127\.244\.\d+\.\d+\s+1\/1\s+Running/gm) ?? []).length, 3, output);
});

test('kubeling lab services --yes holds every observation, in English and in Dutch', async () => {
  const en = await run(['lab', 'services', '--name', 'lab', '--yes'], 240_000);
  assert.equal(en.code, 0, en.out);
  assert.equal((en.out.match(/^ {2}✓ /gm) ?? []).length + (en.out.match(/^ {2}– /gm) ?? []).length, 7, en.out);
  assert.match(en.out, /Every observation of the seed held/);
  const nl = await run(['lab', 'services', '--name', 'lab', '--yes', '--lang', 'nl'], 240_000);
  assert.equal(nl.code, 0, nl.out);
  assert.match(nl.out, /Elke Pod heeft een eigen, tijdelijk IP-adres/);
  assert.match(nl.out, /Alle observaties uit de seed kloppen/);
});

/** Pod processes of this cluster: their environment carries `POD_IP=` one of its pod IPs. */
function podProcesses(ips: readonly string[]): number[] {
  return processesOf('POD_IP=').filter((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return ips.some((ip) => environ.includes(`POD_IP=${ip}`));
    } catch {
      return false;
    }
  });
}

test('SIGINT stops everything: no process is left behind', async () => {
  const ips = [...new Set(output.match(/127\.244\.\d+\.\d+/g) ?? [])];
  assert.ok(podProcesses(ips).length >= 3, 'the pods run as processes before the stop');
  const exited = new Promise((r) => start.once('exit', r));
  start.kill('SIGINT');
  await exited;
  const gone = () => processesOf(home).length === 0 && podProcesses(ips).length === 0;
  const deadline = Date.now() + 10_000;
  while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(processesOf(home), []);
  assert.deepEqual(podProcesses(ips), []);
});
