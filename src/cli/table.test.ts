import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, three spaces apart, without trailing spaces', () => {
    const text = formatTable(
      ['NAME', 'STATE', 'PID'],
      [
        ['kubeling', 'running', '42'],
        ['b', 'stopped', '-'],
      ],
    );
    assert.equal(text, ['NAME       STATE     PID', 'kubeling   running   42', 'b          stopped   -'].join('\n'));
  });

  it('prints only headers when there are no rows', () => {
    assert.equal(formatTable(['A', 'B'], []), 'A   B');
  });
});
