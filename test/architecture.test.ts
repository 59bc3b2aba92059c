/** The import rules of docs/architecture.md, checked on every run. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

function topFolder(file: string): string {
  return relative(src, file).split('/')[0] ?? '';
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => resolve(dirname(file), s));
}

/** Tests and their fixtures may wire real components together (an in-process API server for a controller). */
function isTestCode(file: string): boolean {
  return /\.test\.ts$|\/testdata\/|test-helpers\.ts$|test-fixtures\.ts$/.test(file);
}

/** Which of our top-level folders each folder may import (besides itself). */
const allowed: Record<string, string[]> = {
  api: [],
  storage: ['api'],
  apiserver: ['api', 'storage'],
  cluster: [
    'api',
    'storage',
    'apiserver',
    'client',
    'controllers',
    'scheduler',
    'node',
    'proxy',
    'ingress',
    'dashboard',
  ],
  client: ['api'],
  controllers: ['api', 'client'],
  scheduler: ['api', 'client'],
  node: ['api', 'client'],
  proxy: ['api', 'client'],
  ingress: ['api', 'client'],
  dashboard: ['api', 'client'],
  cli: ['api', 'client', 'cluster', 'dashboard'],
};

test('every source file imports only what the architecture allows', () => {
  const violations: string[] = [];
  const files = sourceFiles(src);
  assert.ok(files.length > 20, 'the source tree was found');
  for (const file of files) {
    if (isTestCode(file)) continue;
    const from = topFolder(file);
    const ok = allowed[from];
    if (!ok) {
      violations.push(`${relative(root, file)}: folder src/${from} has no import rule`);
      continue;
    }
    for (const target of importsOf(file)) {
      if (!target.startsWith(src)) continue;
      const to = topFolder(target);
      if (to !== from && !ok.includes(to)) violations.push(`${relative(root, file)} imports src/${to}`);
    }
  }
  assert.deepEqual(violations, []);
});
