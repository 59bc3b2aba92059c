import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { boolFlag, FlagError, intFlag, parseFlags } from './go-flags.js';
import { cleanPath, goJson } from './go-http.js';

describe('Go behaviour helpers', () => {
  it('parses Go durations', () => {
    const cases: [string, number | undefined][] = [
      ['0', 0],
      ['3s', 3000],
      ['1m30s', 90_000],
      ['1.5h', 5_400_000],
      ['250ms', 250],
      ['-2s', -2000],
      ['10', undefined],
      ['', undefined],
      ['3x', undefined],
    ];
    for (const [text, ms] of cases) assert.equal(parseGoDuration(text), ms, text);
  });

  it('formats durations as Go does', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [1500, '1.5s'],
      [250, '250ms'],
      [120_000, '2m0s'],
      [3_600_000, '1h0m0s'],
    ];
    for (const [ms, text] of cases) assert.equal(formatGoDuration(ms), text, text);
  });

  it('reads flags as pflag and Go flag do', () => {
    const spec = { 'http-port': 'int', tcp: 'bool', text: 'string' } as const;
    const flags = parseFlags(['--http-port', '9000', '-tcp', '--text=a=b', 'pos', '--', '--x'], spec);
    assert.equal(intFlag(flags, 'http-port', 1), 9000);
    assert.equal(boolFlag(flags, 'tcp', false), true);
    assert.equal(flags.values.get('text'), 'a=b');
    assert.deepEqual(flags.positional, ['pos', '--x']);
    assert.equal(boolFlag(parseFlags(['--tcp=false'], spec), 'tcp', true), false);
    assert.throws(
      () => parseFlags(['--nope'], spec),
      (err: unknown) => err instanceof FlagError && err.message === 'unknown flag: --nope',
    );
    assert.throws(() => parseFlags(['--http-port'], spec), /flag needs an argument/);
    assert.throws(() => intFlag(parseFlags(['--http-port=x'], spec), 'http-port', 0), /invalid argument "x"/);
  });

  it('cleans paths and writes JSON as Go does', () => {
    const cases: [string, string][] = [
      ['', '/'],
      ['//hostname', '/hostname'],
      ['/a/../b/', '/b/'],
      ['/a/./b', '/a/b'],
      ['/../x', '/x'],
    ];
    for (const [path, clean] of cases) assert.equal(cleanPath(path), clean, path);
    assert.equal(
      goJson({ responses: ['<a>'], errors: ['x&y'] }),
      '{"errors":["x\\u0026y"],"responses":["\\u003ca\\u003e"]}',
    );
  });
});
