import assert from 'node:assert/strict';
import { it, describe as suite } from 'node:test';
import { describe, markers } from './proto-comments.js';

suite('describe (OpenAPI descriptions from comments)', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['joins a paragraph with spaces', 'Line one\nline two.', 'Line one line two.'],
    ['drops marker lines and TODOs', 'Text.\n+optional\nTODO: later\n+listType=map', 'Text.'],
    ['keeps paragraph breaks', 'One.\n\nTwo.', 'One.\n\nTwo.'],
    [
      'puts indented lines on their own',
      'Valid options are:\n  A - first\n  B - second',
      'Valid options are:\n  A - first\n  B - second',
    ],
    ['stops at ---', 'Kept.\n---\nDropped.', 'Kept.'],
    ['empty when only markers', '+optional', undefined],
    ['undefined comment', undefined, undefined],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.equal(describe(input), want));
});

suite('markers', () => {
  it('reads patch and list markers', () => {
    const m = markers(
      'List of containers.\n+patchMergeKey=name\n+patchStrategy=merge\n+listType=map\n+listMapKey=port\n+listMapKey=protocol\n+optional',
    );
    assert.deepEqual(m, {
      patchMergeKey: 'name',
      patchStrategy: 'merge',
      listType: 'map',
      listMapKeys: ['port', 'protocol'],
      optional: true,
    });
  });
  it('reads atomic and granular struct/map types', () => {
    assert.equal(markers('+structType=atomic').atomic, true);
    assert.equal(markers('+mapType=atomic').atomic, true);
    assert.equal(markers('+structType=granular').atomic, false);
  });
  it('ignores +k8s: markers and unknown list types', () => {
    assert.deepEqual(markers('+k8s:listType=map\n+listType=bogus\n+required'), { required: true });
  });
});
