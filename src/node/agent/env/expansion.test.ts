import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, expandCommandAndArgs, mappingFor } from './expansion.js';

const vars = new Map([
  ['VAR_A', 'A'],
  ['VAR_B', 'B'],
  ['VAR_C', 'C'],
  ['VAR_REF', '$(VAR_A)'],
  ['VAR_EMPTY', ''],
]);

describe('expand (upstream expansion table)', () => {
  const cases: [string, string][] = [
    ['$(VAR_A)', 'A'],
    ['___$(VAR_B)___', '___B___'],
    ['$(VAR_A)-$(VAR_A)', 'A-A'],
    ['$(VAR_A)-1', 'A-1'],
    ['$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['$(VAR_A)$(VAR_B)', 'AB'],
    ['f000-$$VAR_A', 'f000-$VAR_A'],
    ['foo\\$(VAR_C)bar', 'foo\\Cbar'],
    ['foo\\\\$(VAR_C)bar', 'foo\\\\Cbar'],
    ['$(VAR_REF)', '$(VAR_A)'],
    ['$(VAR_EMPTY)', ''],
    ['$(VAR_DNE)', '$(VAR_DNE)'],
    ['$$(VAR_A)', '$(VAR_A)'],
    ['$$$(VAR_A)', '$A'],
    ['$$$$(VAR_A)', '$$(VAR_A)'],
    ['$(VAR_A', '$(VAR_A'],
    ['$VAR_A', '$VAR_A'],
    ['$(', '$('],
    ['$', '$'],
    ['$$', '$'],
    ['$$$', '$$'],
    ['$()', '$()'],
    ['', ''],
    ['no refs', 'no refs'],
    ['$(VAR_A)$', 'A$'],
    ['$(VAR_A))', 'A)'],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
      assert.equal(expand(input, mappingFor(vars)), want);
    });
  }

  it('looks names up in the maps in order', () => {
    const m = mappingFor(
      new Map([['X', 'first']]),
      new Map([
        ['X', 'second'],
        ['Y', 'y'],
      ]),
    );
    assert.equal(expand('$(X)$(Y)', m), 'firsty');
  });

  it('expands command and args against the container env, keeping undefined ones undefined', () => {
    const env = new Map([['MESSAGE', 'hi']]);
    assert.deepEqual(expandCommandAndArgs(['echo', '$(MESSAGE)'], undefined, env), {
      command: ['echo', 'hi'],
      args: undefined,
    });
    assert.deepEqual(expandCommandAndArgs(undefined, ['$(MESSAGE)', '$$(MESSAGE)'], env), {
      command: undefined,
      args: ['hi', '$(MESSAGE)'],
    });
  });
});
