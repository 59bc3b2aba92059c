/** A CliContext for in-process tests: captured output, an isolated HOME and KUBELING_HOME. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../context.js';

export interface TestContext extends CliContext {
  stdout: string[];
  stderr: string[];
  /** Temporary root holding `home/` (HOME) and `kubeling/` (KUBELING_HOME). */
  root: string;
}

export async function testContext(): Promise<TestContext> {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-cli-'));
  const home = join(root, 'home');
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    root,
    stdout,
    stderr,
    env: { HOME: home, KUBELING_HOME: join(root, 'kubeling'), PATH: process.env.PATH ?? '' },
    home,
    cwd: root,
    out: (text) => stdout.push(text.replace(/\n$/, '')),
    err: (text) => stderr.push(text.replace(/\n$/, '')),
    selfCommand: [],
  };
}
